"""Writing plans: each operation atomic, the actor as a keyword argument, a new
unchangeable version on every save (versions.py says what changed between two).

The person owns their plans: a worker on their team's caseload may write with
them (the version says so). Only the person agrees their recovery plan.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from recoveryhub.core.presenters import long_date
from recoveryhub.measures import catalogue

from .models import (
    Goal,
    GoalRating,
    RecoveryPlan,
    RecoveryPlanVersion,
    Step,
    WrittenAs,
)

PLAN_SECTIONS = [
    "keeps_me_well",
    "strengths",
    "things_that_help",
    "early_warning_signs",
    "if_i_start_to_struggle",
    "crisis_plan",
    "crisis_contacts",
    "people_who_support_me",
]


def written_as(person, by) -> str:
    return (
        WrittenAs.SELF
        if person.user_id is not None and person.user_id == by.pk
        else WrittenAs.WITH_WORKER
    )


# The recovery and wellbeing plan ---------------------------------------------------


def plan_of(person) -> RecoveryPlan:
    """The person's plan, started (empty, with no version yet) the first time it is asked for."""
    plan, _ = RecoveryPlan.objects.get_or_create(person=person)
    return plan


def snapshot(plan: RecoveryPlan) -> dict:
    goals = plan.goals.prefetch_related("steps")
    return {
        "sections": {name: getattr(plan, name) for name in PLAN_SECTIONS}
        | {"review_on": long_date(plan.review_on)},
        "items": {
            "goal": [
                {
                    "key": f"goal-{goal.pk}",
                    "label": goal.title,
                    "fields": {
                        "title": goal.title,
                        "why_it_matters": goal.why_it_matters,
                        "status": goal.get_status_display(),
                        # As the person read them, so a comparison shows words, not codes.
                        "wellbeing_area": _wellbeing_area_text(goal.wellbeing_area),
                        "instrument": _instrument_name(goal.instrument),
                        "steps": steps_text(goal.steps.all()),
                    },
                }
                for goal in goals
            ]
        },
    }


def steps_text(steps) -> str:
    """A goal's steps as a version keeps them: one a line, dates as the person reads them."""
    return "\n".join(
        step.description
        + (f" (by {long_date(step.target_date)})" if step.target_date else "")
        + (" (done)" if step.done_on else "")
        for step in steps
    )


def _wellbeing_area_text(code: str) -> str:
    items = {item.code: item.text for item in catalogue.get("wellbeing").items}
    return items.get(code, code)


def _instrument_name(code: str) -> str:
    try:
        return catalogue.get(code).short_name if code else ""
    except KeyError:
        return code


def _new_version(plan: RecoveryPlan, *, by) -> RecoveryPlanVersion:
    last = plan.versions.aggregate(n=Max("number"))["n"] or 0
    return RecoveryPlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        content=snapshot(plan),
        written_by=by,
        written_as=written_as(plan.person, by),
        written_at=timezone.now(),
    )


@transaction.atomic
def save_plan(plan: RecoveryPlan, *, by, **sections) -> RecoveryPlanVersion:
    """Change the plan's sections (and review date); keeps a version. Asks for agreement again."""
    plan = RecoveryPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    unknown = set(sections) - set(PLAN_SECTIONS) - {"review_on", "hidden_from_carers"}
    if unknown:
        raise ValueError(f"Not sections of a plan: {sorted(unknown)}")
    review_on = sections.get("review_on")
    if review_on and review_on < timezone.localdate():
        raise ValidationError({"review_on": "The review date must be today or in the future"})
    for name, value in sections.items():
        setattr(plan, name, value)
    plan.full_clean(exclude=["person", "agreed_version"])
    plan.save()
    return _new_version(plan, by=by)


@transaction.atomic
def save_goal(
    plan: RecoveryPlan, goal: Goal | None, *, by, steps: list[dict] | None = None, **fields
) -> Goal:
    """Add or change a goal and (when given) its steps: [{description, target_date, done_on}]."""
    plan = RecoveryPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    title = (fields.get("title") or "").strip()
    if goal is None and not title:
        raise ValidationError({"title": "Enter what you want (the goal)"})
    goal = goal or Goal(plan=plan)
    if goal.plan_id != plan.pk:
        raise ValidationError("This goal is not part of this plan.")
    for name, value in fields.items():
        setattr(goal, name, value.strip() if isinstance(value, str) else value)
    goal.full_clean(exclude=["plan"])
    goal.save()
    if steps is not None:
        today = timezone.localdate()
        for n, step in enumerate(steps, start=1):
            if not (step.get("description") or "").strip():
                raise ValidationError({"steps": f"Step {n}: enter what the step is"})
            target = step.get("target_date")
            if target and target < today and not step.get("done_on") and step.get("id") is None:
                raise ValidationError(
                    {"steps": f"Step {n}: the target date must be in the future"}
                )
        goal.steps.all().delete()
        for step in steps:
            made = Step(
                goal=goal,
                description=step["description"].strip(),
                target_date=step.get("target_date"),
                done_on=step.get("done_on"),
            )
            made.full_clean(exclude=["goal"])
            made.save()
    _new_version(plan, by=by)
    return goal


@transaction.atomic
def rate_goal(goal: Goal, rating: int, *, by) -> GoalRating:
    """How far along the goal feels now, 0 to 10. A rating is progress, not a plan change."""
    if not isinstance(rating, int) or not 0 <= rating <= 10:
        raise ValidationError({"rating": "Choose a number from 0 to 10"})
    return GoalRating.objects.create(
        goal=goal, rating=rating, rated_at=timezone.now(), rated_by=by
    )


@transaction.atomic
def agree_plan(plan: RecoveryPlan, *, by) -> RecoveryPlan:
    """The person agrees the plan as it is now (its latest version)."""
    plan = RecoveryPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if plan.person.user_id != by.pk:
        raise ValidationError("Only the person whose plan it is can agree it.")
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError("Write your plan before agreeing it.")
    plan.agreed_version = latest
    plan.agreed_at = timezone.now()
    plan.save(update_fields=["agreed_version", "agreed_at", "updated_at"])
    return plan


def needs_agreement(plan: RecoveryPlan) -> bool:
    """True when the plan has changed since the person last agreed it (or was never agreed)."""
    latest = plan.versions.order_by("-number").values_list("pk", flat=True).first()
    return latest is not None and plan.agreed_version_id != latest


# Positive risk-taking plans (paras 38-42) ----------------------------------------------

RISK_SECTIONS = ["choice", "what_and_why", "benefits", "if_things_go_wrong"]
RISK_REQUIRED = {
    "choice": "Enter the choice you want to make",
    "what_and_why": "Enter what you want and why",
    "benefits": "Enter the benefits",
    "if_things_go_wrong": "Enter what happens if things go wrong",
}


def risk_snapshot(plan) -> dict:
    """A positive risk-taking plan as it is now, in the shape versions.py compares."""
    return {
        "sections": {name: getattr(plan, name) for name in RISK_SECTIONS}
        | {
            "review_on": long_date(plan.review_on),
            "status": plan.get_status_display(),
        },
        "items": {
            "harm": [
                {
                    "key": f"harm-{harm.pk}",
                    "label": harm.description,
                    "fields": {
                        "description": harm.description,
                        "likelihood": harm.get_likelihood_display(),
                        "seriousness": harm.get_seriousness_display(),
                    },
                }
                for harm in plan.harms.all()
            ],
            "safer_action": [
                {
                    "key": f"safer_action-{action.pk}",
                    "label": action.action,
                    "fields": {"action": action.action, "who": action.who},
                }
                for action in plan.safer_actions.all()
            ],
            "participant": [
                {
                    "key": f"participant-{who.pk}",
                    "label": who.name,
                    "fields": {"name": who.name, "role": who.get_role_display()},
                }
                for who in plan.participants.all()
            ],
        },
    }


def _new_risk_version(plan, *, by):
    from .models import RiskPlanVersion

    last = plan.versions.aggregate(n=Max("number"))["n"] or 0
    return RiskPlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        content=risk_snapshot(plan),
        written_by=by,
        written_as=written_as(plan.person, by),
        written_at=timezone.now(),
    )


def _replace_rows(plan, manager, model, rows: list[dict], fields: list[str], what: str) -> None:
    """Make the plan's rows of one kind exactly `rows`: a row with the id of an existing
    row changes it (so its history stays one item), a row without adds one, and the
    rows not given are removed."""
    existing = {row.pk: row for row in manager.all()}
    kept = set()
    for n, data in enumerate(rows, start=1):
        row = existing.get(data.get("id")) if data.get("id") else None
        if data.get("id") and row is None:
            raise ValidationError(f"{what} {n} is not part of this plan.")
        row = row or model(plan=plan)
        for name in fields:
            value = data.get(name, "")
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        try:
            row.full_clean(exclude=["plan", "user", "agreed_at"])
        except ValidationError as error:
            problems = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise ValidationError({"__all__": f"{what} {n}: {problems}"}) from None
        row.save()
        kept.add(row.pk)
    manager.exclude(pk__in=kept).delete()


@transaction.atomic
def save_risk_plan(
    person,
    plan=None,
    *,
    by,
    sections: dict,
    harms: list[dict],
    safer_actions: list[dict],
    participants: list[dict],
):
    """Start or change a positive risk-taking plan, with its harms, what makes it safer and
    who took part. Keeps a version; a change asks everyone to agree again."""
    from .models import Harm, Participant, PositiveRiskPlan, RiskPlanStatus, SaferAction

    if plan is not None:
        plan = (
            PositiveRiskPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
        )
        if plan.person_id != person.pk:
            raise ValidationError("This plan is not this person's.")
        if plan.status == RiskPlanStatus.CLOSED:
            raise ValidationError("This plan is closed. Start a new plan instead.")
    unknown = set(sections) - set(RISK_SECTIONS) - {"review_on", "hidden_from_carers"}
    if unknown:
        raise ValueError(f"Not sections of a positive risk-taking plan: {sorted(unknown)}")
    problems = {
        name: message
        for name, message in RISK_REQUIRED.items()
        if not (sections.get(name, getattr(plan, name, "")) or "").strip()
    }
    for name in RISK_SECTIONS:  # a TextField's max_length is not checked by full_clean
        limit = PositiveRiskPlan._meta.get_field(name).max_length
        if len(sections.get(name) or "") > limit:
            problems[name] = f"This must be {limit} characters or fewer"
    review_on = sections.get("review_on", getattr(plan, "review_on", None))
    if not review_on:
        problems["review_on"] = "Enter a review date"
    elif review_on < timezone.localdate():
        problems["review_on"] = "The review date must be today or in the future"
    for n, harm in enumerate(harms, start=1):
        if not (harm.get("description") or "").strip():
            problems.setdefault("__all__", []).append(f"Harm {n}: describe the possible harm")
        if not harm.get("likelihood"):
            problems.setdefault("__all__", []).append(f"Harm {n}: choose how likely it is")
        if not harm.get("seriousness"):
            problems.setdefault("__all__", []).append(f"Harm {n}: choose how serious it would be")
    if problems:
        raise ValidationError(problems)
    before = risk_snapshot(plan) if plan is not None else None
    agreed_latest = plan is not None and plan.agreed_version_id == _latest_risk_version_id(plan)
    plan = plan or PositiveRiskPlan(person=person)
    for name, value in sections.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    plan.full_clean(exclude=["person", "agreed_version"])
    plan.save()
    _replace_rows(
        plan, plan.harms, Harm, harms, ["description", "likelihood", "seriousness"], "Harm"
    )
    _replace_rows(
        plan, plan.safer_actions, SaferAction, safer_actions, ["action", "who"], "Safer action"
    )
    _replace_rows(plan, plan.participants, Participant, participants, ["name", "role"], "Person")
    if before is not None and _substance(before) != _substance(risk_snapshot(plan)):
        # The plan changed: what was agreed is no longer this plan.
        plan.participants.update(agreed_at=None)
        if plan.agreed_version_id is not None:
            plan.agreed_version = None
            plan.save(update_fields=["agreed_version", "updated_at"])
        _new_risk_version(plan, by=by)
    else:
        _keep_agreement(plan, _new_risk_version(plan, by=by), agreed_latest)
    return plan


def _substance(content: dict) -> dict:
    """What people agree to: the whole plan but its review date (moving it asks nobody)."""
    return content | {
        "sections": {k: v for k, v in content["sections"].items() if k != "review_on"}
    }


def _latest_risk_version_id(plan):
    return plan.versions.order_by("-number").values_list("pk", flat=True).first()


def _keep_agreement(plan, version, agreed_latest: bool) -> None:
    """Nothing people agreed to changed: the person's agreement carries to the new version."""
    if agreed_latest and plan.agreed_version_id is not None:
        plan.agreed_version = version
        plan.save(update_fields=["agreed_version", "updated_at"])


@transaction.atomic
def record_risk_review(plan, *, by, reviewed_on, took_part, outcome, next_review_on):
    """Record a review (when, who took part, what was decided, when next) without changing
    the plan. The plan's review date moves to the next one: a version says so, and
    everyone's agreement stands because nothing they agreed to changed."""
    from recoveryhub.core import permissions

    from .models import PositiveRiskPlan, RiskPlanReview, RiskPlanStatus

    plan = PositiveRiskPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if not permissions.can(by, "risk_plan.record_review", plan):
        raise ValidationError("Only the person or a worker with them can record a review.")
    if plan.status == RiskPlanStatus.CLOSED:
        raise ValidationError("This plan is closed.")
    today = timezone.localdate()
    took_part, outcome = (took_part or "").strip(), (outcome or "").strip()
    problems = {}
    if not reviewed_on:
        problems["reviewed_on"] = "Enter the date of the review"
    elif reviewed_on > today:
        problems["reviewed_on"] = "The date of the review must be today or in the past"
    if not took_part:
        problems["took_part"] = "Enter who took part"
    if not outcome:
        problems["outcome"] = "Enter what was decided"
    if not next_review_on:
        problems["next_review_on"] = "Enter the next review date"
    elif next_review_on < today:
        problems["next_review_on"] = "The next review date must be today or in the future"
    for name, text in (("took_part", took_part), ("outcome", outcome)):
        limit = RiskPlanReview._meta.get_field(name).max_length
        if len(text) > limit:
            problems.setdefault(name, f"This must be {limit} characters or fewer")
    if problems:
        raise ValidationError(problems)
    made = RiskPlanReview.objects.create(
        plan=plan, reviewed_on=reviewed_on, took_part=took_part, outcome=outcome,
        next_review_on=next_review_on, recorded_by=by, recorded_at=timezone.now(),
    )  # fmt: skip
    if plan.review_on != next_review_on:
        agreed_latest = plan.agreed_version_id == _latest_risk_version_id(plan)
        plan.review_on = next_review_on
        plan.save(update_fields=["review_on", "updated_at"])
        _keep_agreement(plan, _new_risk_version(plan, by=by), agreed_latest)
    return made


@transaction.atomic
def agree_risk_plan(plan, *, by):
    """`by` (the person, a worker on their team's caseload, or a carer named in a plan
    shared with them) agrees the plan as it is now. A person or worker not yet listed as
    taking part is added, with their role. When the person agrees,
    the plan's agreed version is the latest one."""
    from recoveryhub.core import permissions

    from .models import Participant, ParticipantRole, PositiveRiskPlan, RiskPlanStatus

    plan = PositiveRiskPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if not permissions.can(by, "risk_plan.agree", plan):
        raise ValidationError("Only the person, a worker with them or a named carer can agree.")
    if plan.status == RiskPlanStatus.CLOSED:
        raise ValidationError("This plan is closed.")
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError("Write the plan before agreeing it.")
    is_person = plan.person.user_id == by.pk
    is_carer = not is_person and not permissions.on_my_teams_caseload(by, plan.person)
    role = ParticipantRole.PERSON if is_person else ParticipantRole.WORKER
    participant = plan.participants.filter(user=by).first()
    if is_carer:
        # A carer agrees only as named in the plan (the rule checked that); never added.
        participant = permissions.named_carer_row(by, plan)
        if participant is None:
            raise ValidationError("Only a carer named in the plan can agree it.")
    elif participant is None:
        # Someone typed in as taking part, not yet linked to a sign-in: the person's row,
        # or a worker's row with their name.
        unlinked = plan.participants.filter(user__isnull=True, role=role)
        if not is_person:
            # Typed as the name they use or their full name.
            typed = {by.display_name, by.full_name or by.email}
            unlinked = unlinked.filter(reduce(or_, (Q(name__iexact=name) for name in typed)))
        participant = unlinked.first()
    added = participant is None
    if added:
        participant = Participant(plan=plan, role=role, name=by.display_name)
    participant.user = by
    participant.agreed_at = timezone.now()
    participant.save()
    if added:  # who took part changed: the plan keeps a version saying so
        latest = _new_risk_version(plan, by=by)
    if is_person:
        plan.agreed_version = latest
        plan.save(update_fields=["agreed_version", "updated_at"])
    return participant


@transaction.atomic
def close_risk_plan(plan, *, by):
    """The choice is made, or no longer wanted: the plan stops (kept, with its versions)."""
    from .models import PositiveRiskPlan, RiskPlanStatus

    plan = PositiveRiskPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if plan.status == RiskPlanStatus.CLOSED:
        raise ValidationError("This plan is already closed.")
    plan.status = RiskPlanStatus.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    _new_risk_version(plan, by=by)
    return plan


@transaction.atomic
def set_plan_sharing(plan, *, visible_to_carers: bool, by):
    """The person decides whether carers who see their plans can see this one; at once.

    Sharing is who may read the plan, not what it says: no new version, and no new
    agreement asked for. Carers see plans only where the person shares plans with them
    at all (CarerLink.shares_plans, set on the person's carer page).
    """
    from django.core.exceptions import PermissionDenied

    model = type(plan)
    plan = model.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if plan.person.user_id is None or plan.person.user_id != by.pk:
        raise PermissionDenied("Only the person whose plan it is decides who sees it.")
    hidden = not visible_to_carers
    if plan.hidden_from_carers != hidden:
        plan.hidden_from_carers = hidden
        plan.save(update_fields=["hidden_from_carers"])
    return plan
