"""Recovery practice's domain operations: audit rounds, the strategy action plan, SPC
rebasing decisions and the board report's freezing. Views, commands and tests call these.

An audit round goes: the team rates itself, the two auditors visit and each rates apart,
everyone agrees a rating for every item, then the team chooses its top three priorities,
and each priority becomes an action of the plan. Each step refuses to run out of turn.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recoveryhub.accounts.roles import WORKER_ROLES, Role

from . import frameworks, tasks
from .models import (
    Action,
    ActionStatus,
    AuditRound,
    BoardReport,
    Claim,
    Objective,
    Priority,
    ProgressUpdate,
    RatedBy,
    Rating,
    RebaseDecision,
)

PRIORITIES = 3

# The strategy's five objectives (para 26), in its words: the headings of the plan.
OBJECTIVES = [
    "Embedding the culture of Recovery and Resilience throughout the organisation",
    "Walking our own walk – CPFT as an exemplary employer",
    "Improving people's life chances – health, employment, education",
    "Changing the way we approach risk and supporting staff to work differently",
    "Financial sustainability of Recovery College East",
]


def seed_objectives() -> list[Objective]:
    """The five objectives, made once (a migration calls this too: safe to run twice)."""
    return [
        Objective.objects.get_or_create(number=n, defaults={"title": title, "paragraph": "26"})[0]
        for n, title in enumerate(OBJECTIVES, start=1)
    ]


# Audit rounds ---------------------------------------------------------------------------


def is_member(user, team) -> bool:
    return user.team_memberships.filter(team=team).exists()


def can_audit_as_peer(user) -> bool:
    """Peer auditors bring lived experience: the trust's peer workers."""
    return user.is_active and user.has_role(Role.PEER_WORKER)


def can_audit_as_worker(user) -> bool:
    return user.is_active and bool(user.roles & (WORKER_ROLES | {Role.MANAGER}))


def start_round(
    *, team, framework: frameworks.Framework, visit_on: date, peer, worker, by
) -> AuditRound:
    problems = {}
    if peer == worker:
        problems["worker_auditor"] = "Choose two different people to audit"
    for field, user, fits, kind in (
        ("peer_auditor", peer, can_audit_as_peer, "a peer worker"),
        ("worker_auditor", worker, can_audit_as_worker, "a worker or manager"),
    ):
        if not fits(user):
            problems.setdefault(field, f"{user.display_name} cannot audit: choose {kind}")
        elif is_member(user, team):
            problems.setdefault(field, f"{user.display_name} works in {team.name}: nobody audits "
                                       "their own team")  # fmt: skip
    if problems:
        raise ValidationError(problems)
    round = AuditRound.objects.create(
        team=team,
        framework=framework.key,
        framework_version=framework.version,
        visit_on=visit_on,
        peer_auditor=peer,
        worker_auditor=worker,
        started_by=by,
    )
    transaction.on_commit(lambda: tasks.count_evidence.enqueue(round.pk), robust=True)
    return round


def framework_of(round: AuditRound) -> frameworks.Framework:
    return frameworks.get(round.framework, round.framework_version)


def stage(round: AuditRound) -> str:
    """Where the round has got to: self-rating, visit, agreeing, priorities or finished."""
    if round.finished_at:
        return "finished"
    if round.agreed_at:
        return "priorities"
    if round.self_rated_at:
        return "visit"
    return "self-rating"


def rater_for(round: AuditRound, user) -> str | None:
    """Which auditor's rating this user writes, if they audit the round."""
    if user.pk == round.peer_auditor_id:
        return RatedBy.PEER
    if user.pk == round.worker_auditor_id:
        return RatedBy.WORKER
    return None


def _save_ratings(round, by: str, ratings: dict, user, *, complete: bool) -> None:
    """ratings: {item key: (stage, evidence, notes)}. All items at once when `complete`."""
    framework = framework_of(round)
    keys = {item.key for item in framework.items}
    problems = {}
    for key, (number, _evidence, _notes) in ratings.items():
        if key not in keys:
            problems[key] = "This is not an item of the framework"
        elif number not in framework.stage_numbers:
            problems[key] = f"Choose a stage from 1 to {framework.stage_numbers[-1]}"
    missing = keys - set(ratings) if complete else set()
    for key in sorted(missing):
        problems[key] = f"Give a stage for {framework.item(key).title}"
    if problems:
        raise ValidationError(problems)
    for key, (number, evidence, notes) in ratings.items():
        Rating.objects.update_or_create(
            round=round,
            by=by,
            item=key,
            defaults={
                "stage": number,
                "evidence": evidence,
                "notes": notes,
                "rated_by": user,
                "rated_at": timezone.now(),
            },
        )


@transaction.atomic
def rate_as_team(round: AuditRound, ratings: dict, *, by) -> None:
    """The team's own rating, before the visit: every item, then it is fixed."""
    if stage(round) != "self-rating":
        raise ValidationError("The team has already given its own rating for this round.")
    _save_ratings(round, RatedBy.TEAM, ratings, by, complete=True)
    round.self_rated_at = timezone.now()
    round.save(update_fields=["self_rated_at"])


@transaction.atomic
def rate_as_auditor(round: AuditRound, ratings: dict, *, by) -> None:
    """One auditor's own rating, kept apart from the other's; may be saved part-done."""
    rater = rater_for(round, by)
    if rater is None:
        raise ValidationError("Only the round's two auditors give auditors' ratings.")
    if stage(round) != "visit":
        raise ValidationError(_out_of_turn(round))
    _save_ratings(round, rater, ratings, by, complete=False)


def auditors_done(round: AuditRound) -> bool:
    items = len(framework_of(round).items)
    done = round.ratings.filter(by__in=[RatedBy.PEER, RatedBy.WORKER]).values_list("by")
    counts = {RatedBy.PEER: 0, RatedBy.WORKER: 0}
    for (by,) in done:
        counts[by] += 1
    return all(count == items for count in counts.values())


@transaction.atomic
def agree(round: AuditRound, ratings: dict, *, by) -> None:
    """The rating the team and both auditors agree, once both auditors have rated."""
    if stage(round) != "visit":
        raise ValidationError(_out_of_turn(round))
    if not auditors_done(round):
        raise ValidationError("Both auditors must rate every item before a rating is agreed.")
    _save_ratings(round, RatedBy.AGREED, ratings, by, complete=True)
    round.agreed_at = timezone.now()
    round.save(update_fields=["agreed_at"])


@transaction.atomic
def choose_priorities(
    round: AuditRound, chosen: list[tuple[str, str]], *, by, lead, due_on: date
) -> list[Priority]:
    """The team's top three (item key, why), each made an action of the plan under the
    first objective ("Embedding the culture … throughout the organisation")."""
    if stage(round) == "finished":
        raise ValidationError("This round's priorities have already been chosen.")
    if not round.agreed_at:
        raise ValidationError("Agree a rating for every item before choosing priorities.")
    framework = framework_of(round)
    keys = [key for key, _ in chosen]
    if len(keys) != PRIORITIES or len(set(keys)) != PRIORITIES:
        raise ValidationError({"priorities": "Choose three different priorities"})
    if any(key not in {i.key for i in framework.items} for key in keys):
        raise ValidationError({"priorities": "Choose priorities from the framework's items"})
    today = timezone.localdate()
    if due_on < today:
        raise ValidationError({"due_on": "The date to review them by must be in the future"})
    objective = seed_objectives()[0]
    made = []
    for position, (key, why) in enumerate(chosen, start=1):
        action = Action.objects.create(
            objective=objective,
            title=f"{round.team.name}: {framework.item(key).title}",
            description=why,
            lead=lead,
            starts_on=today,
            due_on=due_on,
            paragraph="47",
            business_year=business_year(today),
            team=round.team,
            created_by=by,
        )
        made.append(
            Priority.objects.create(
                round=round, position=position, item=key, why=why, action=action
            )
        )
    round.finished_at = timezone.now()
    round.save(update_fields=["finished_at"])
    return made


def _out_of_turn(round) -> str:
    return {
        "self-rating": "The team gives its own rating before the auditors rate.",
        "priorities": "The rating has been agreed: it can no longer change.",
        "finished": "This round has finished.",
    }.get(stage(round), "That cannot be done at this stage of the round.")


# The action plan ------------------------------------------------------------------------


def business_year(on: date) -> str:
    """The NHS business-planning year holding a date: April to March, as 2026/27."""
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def set_status(action: Action, status: str, *, on: date | None = None) -> Action:
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose a status from the list"})
    action.status = status
    action.done_on = (on or timezone.localdate()) if status == ActionStatus.DONE else None
    action.save()
    return action


def add_update(action: Action, text: str, evidence: str, *, by) -> ProgressUpdate:
    if not text.strip():
        raise ValidationError({"text": "Say what has happened"})
    return ProgressUpdate.objects.create(
        action=action, text=text.strip(), evidence=evidence.strip(), written_by=by
    )


# SPC rebasing and the board report -------------------------------------------------------


def record_rebase(measure: str, from_month: date, reason: str, *, by) -> RebaseDecision:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the baseline restarts (what changed)"})
    if from_month.day != 1:
        raise ValidationError({"from_month": "Choose the first day of a month"})
    if RebaseDecision.objects.filter(measure=measure, from_month=from_month).exists():
        raise ValidationError({"from_month": "The baseline already restarts from that month"})
    return RebaseDecision.objects.create(
        measure=measure, from_month=from_month, reason=reason.strip(), decided_by=by
    )


def rebase_months(measure: str) -> list[date]:
    return list(
        RebaseDecision.objects.filter(measure=measure).values_list("from_month", flat=True)
    )


def quarter_start(on: date) -> date:
    return date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)


def start_report(quarter: date, *, by) -> BoardReport:
    if quarter != quarter_start(quarter):
        raise ValidationError({"quarter_start": "Choose the first day of a quarter"})
    if BoardReport.objects.filter(quarter_start=quarter).exists():
        raise ValidationError({"quarter_start": "There is already a report for that quarter"})
    return BoardReport.objects.create(quarter_start=quarter, written_by=by)


def add_claim(report: BoardReport, measure: str, text: str, known_measures) -> Claim:
    if report.is_published:
        raise ValidationError("A published report cannot change.")
    if measure not in known_measures:
        raise ValidationError({"measure": "Link the claim to one of the report's charts"})
    if not text.strip():
        raise ValidationError({"text": "Write the claim"})
    position = report.claims.count() + 1
    return Claim.objects.create(
        report=report, measure=measure, text=text.strip(), position=position
    )


@transaction.atomic
def set_summary(report: BoardReport, summary: str) -> BoardReport:
    """The lead's summary of a draft (a published report never changes)."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError("A published report cannot change.")
    report.summary = summary.strip()
    report.save(update_fields=["summary"])
    return report


@transaction.atomic
def remove_claim(report: BoardReport, claim_id: int) -> bool:
    """Take a claim out of a draft; False when it is not the draft's to remove."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    claim = report.claims.filter(pk=claim_id).first()
    if report.is_published or claim is None:
        return False
    claim.delete()
    return True


@transaction.atomic
def publish(report: BoardReport, snapshot: dict, *, by) -> BoardReport:
    """Freeze the report: `snapshot` (board.build_snapshot) is what it shows from now on."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError("This report has already been published.")
    report.snapshot = snapshot
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    return report


# The action plan's pages ------------------------------------------------------------------

ACTION_FIELDS = (
    "objective", "title", "description", "lead", "starts_on", "due_on", "status",
    "paragraph", "business_year",
)  # fmt: skip


def business_year_problem(text: str) -> str | None:
    """Why a business-planning year such as '2026/27' is wrong, or None when it is right."""
    words = "Give the business-planning year as 2026/27"
    if len(text) != 7 or text[4] != "/" or not (text[:4].isdigit() and text[5:].isdigit()):
        return words
    if int(text[5:]) != (int(text[:4]) + 1) % 100:
        return f"{words}: the second year follows the first"
    return None


def _check_action(values: dict) -> None:
    problems = {}
    if values["due_on"] < values["starts_on"]:
        problems["due_on"] = "The due date must be the same as or after the start date"
    if (problem := business_year_problem(values["business_year"])) is not None:
        problems["business_year"] = problem
    if values["status"] not in ActionStatus.values:
        problems["status"] = "Choose a status from the list"
    if not values["lead"].is_active:
        problems["lead"] = "Choose a lead who still works here"
    if problems:
        raise ValidationError(problems)


def _done_on(status: str, before=None):
    if status != ActionStatus.DONE:
        return None
    return before or timezone.localdate()


@transaction.atomic
def add_action(*, by, team=None, from_change=None, from_fidelity=None, **values) -> Action:
    """A new action of the plan; what raised it (a change or a fidelity item) is kept."""
    _check_action(values)
    return Action.objects.create(
        **values,
        done_on=_done_on(values["status"]),
        team=team,
        from_change=from_change,
        from_fidelity=from_fidelity,
        created_by=by,
    )


@transaction.atomic
def change_action(action: Action, *, by, **values) -> Action:
    """Change an action's details (what raised it stays as it was)."""
    _check_action(values)
    action = Action.objects.select_for_update().get(pk=action.pk)
    for name in ACTION_FIELDS:
        setattr(action, name, values[name])
    action.done_on = _done_on(action.status, action.done_on)
    action.save()
    return action


@transaction.atomic
def record_progress(action: Action, text: str, evidence: str, status: str, *, by):
    """A progress update and, when given, a new status: both written or neither."""
    update = add_update(action, text, evidence, by=by)
    if status and status != action.status:
        set_status(action, status)
    return update


@transaction.atomic
def add_communication(*, by, **values):
    from .models import CommunicationItem

    problem = business_year_problem(values["business_year"])
    if problem is not None:
        raise ValidationError({"business_year": problem})
    if not values["owner"].is_active:
        raise ValidationError({"owner": "Choose someone who still works here"})
    return CommunicationItem.objects.create(**values)


@transaction.atomic
def communication_done(item, *, by, on: date | None = None):
    """Mark a communication item done (today unless said); doing it twice changes nothing."""
    from .models import CommunicationItem

    item = CommunicationItem.objects.select_for_update().get(pk=item.pk)
    if item.done_on is None:
        item.done_on = on or timezone.localdate()
        item.save(update_fields=["done_on"])
    return item
