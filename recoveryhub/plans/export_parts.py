"""The plans' part of My data: the recovery and wellbeing plan and positive risk plans.

FHIR R4B:
- the recovery and wellbeing plan is a CarePlan (intent 'plan') whose notes are its
  sections in the person's words, with a reference to a Goal for each goal;
- each goal is a Goal: lifecycle status from its status, a target due date for each
  dated step, why it matters and how far along it felt as notes;
- each positive risk-taking plan is a CarePlan (category 'Positive risk-taking plan')
  with the review date as the end of its period, what will make it safer as its
  activities and the possible harms as notes.
"""

from django.utils import timezone
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal

from recoveryhub.core.presenters import long_date
from recoveryhub.people.export.registry import (
    Exporter,
    Section,
    exclude,
    reference,
    register,
    resource_id,
)

from . import pdf
from .models import GoalStatus, RecoveryPlan, RiskPlanStatus

CATEGORY = "urn:recoveryhub:plan-category"
RECOVERY_CATEGORY = "Recovery and wellbeing plan"
RISK_CATEGORY = "Positive risk-taking plan"

# A goal's status as FHIR's Goal.lifecycleStatus (and achievementStatus).
LIFECYCLE = {
    GoalStatus.WORKING_ON: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.STOPPED: "cancelled",
}
ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"

exclude(
    "plans.RecoveryPlanVersion",
    "Earlier versions of the plan, kept so changes can be seen; the plan as it is now is "
    "in the download and every version is on the plan's history page.",
)
exclude(
    "plans.RiskPlanVersion",
    "Earlier versions of a positive risk plan; the plan as it is now is in the download "
    "and every version is on the plan's history page.",
)
exclude(
    "plans.ReviewReminder",
    "Only the record that a review reminder was sent, kept so it is never sent twice.",
)


def _category(text: str) -> list[dict]:
    code = "recovery-plan" if text == RECOVERY_CATEGORY else "positive-risk-plan"
    return [{"coding": [{"system": CATEGORY, "code": code, "display": text}], "text": text}]


def _recovery_plan(person) -> RecoveryPlan | None:
    return pdf.recovery_plans().filter(person=person).first()


def _risk_plans(person):
    return pdf.risk_plans().filter(person=person).order_by("-created_at", "-pk")


def _review_text(review) -> str:
    return (
        f"On {long_date(review.reviewed_on)}. Who took part: {review.took_part}. "
        f"What was decided: {review.outcome}. Next review: {long_date(review.next_review_on)}."
    )


def _created(plan) -> str | None:
    first = plan.versions.order_by("number").values_list("written_at", flat=True).first()
    return first.isoformat() if first else None


@register
class Plans(Exporter):
    models = (
        "plans.RecoveryPlan",
        "plans.Goal",
        "plans.Step",
        "plans.GoalRating",
        "plans.PositiveRiskPlan",
        "plans.Harm",
        "plans.SaferAction",
        "plans.Participant",
    )
    order = 45

    # FHIR ------------------------------------------------------------------------

    def resources(self, person):
        patient = reference(person, person.full_name)
        found = []
        plan = _recovery_plan(person)
        if plan is not None:
            goals = [self._goal(goal, patient) for goal in plan.goals.all()]
            found.append(self._recovery_care_plan(plan, goals, patient))
            found += goals
        found += [self._risk_care_plan(risk, patient) for risk in _risk_plans(person)]
        return found

    def _goal(self, goal, patient) -> FhirGoal:
        status = GoalStatus(goal.status)
        data = {
            "resourceType": "Goal",
            "id": resource_id(goal),
            "lifecycleStatus": LIFECYCLE[status],
            "description": {"text": goal.title},
            "subject": patient,
            "startDate": timezone.localtime(goal.created_at).date().isoformat(),
            "target": [
                {"dueDate": step.target_date.isoformat()}
                for step in goal.steps.all()
                if step.target_date
            ]
            or None,
            "note": [{"text": f"Why it matters: {goal.why_it_matters}"}]
            if goal.why_it_matters
            else [],
        }
        if status == GoalStatus.ACHIEVED:
            data["achievementStatus"] = {
                "coding": [{"system": ACHIEVEMENT, "code": "achieved", "display": "Achieved"}]
            }
        for step in goal.steps.all():
            when = f", done on {long_date(step.done_on)}" if step.done_on else ""
            due = f", by {long_date(step.target_date)}" if step.target_date else ""
            data["note"].append({"text": f"Small step: {step.description}{due}{when}"})
        for rating in goal.ratings.all():
            when = long_date(timezone.localtime(rating.rated_at))
            data["note"].append(
                {"text": f"How far along it felt: {rating.rating} out of 10 on {when}",
                 "time": rating.rated_at.isoformat()}
            )  # fmt: skip
        data["note"] = data["note"] or None
        return FhirGoal.model_validate({k: v for k, v in data.items() if v is not None})

    def _recovery_care_plan(self, plan, goals, patient) -> CarePlan:
        sections = [(heading, getattr(plan, name)) for name, heading in pdf.RECOVERY_SECTIONS]
        sections.insert(5, ("Who to contact in a crisis", plan.crisis_contacts))
        notes = [{"text": f"{heading}: {text}"} for heading, text in sections if text]
        data = {
            "resourceType": "CarePlan",
            "id": resource_id(plan),
            "status": "active",
            "intent": "plan",
            "category": _category(RECOVERY_CATEGORY),
            "title": "My recovery and wellbeing plan",
            "description": "The person's recovery and wellbeing plan in their own words: "
            + "; ".join(heading for heading, text in sections if text)
            if notes
            else "The person's recovery and wellbeing plan (nothing written yet).",
            "subject": patient,
            "created": _created(plan),
            "goal": [{"reference": f"urn:uuid:{goal.id}"} for goal in goals] or None,
            "note": notes or None,
        }
        if plan.review_on:
            data["period"] = {"end": plan.review_on.isoformat()}
        return CarePlan.model_validate({k: v for k, v in data.items() if v is not None})

    def _risk_care_plan(self, plan, patient) -> CarePlan:
        notes = [
            {"text": f"What I want and why: {plan.what_and_why}"},
            {"text": f"Benefits: {plan.benefits}"},
            *(
                {
                    "text": f"Possible harm: {harm.description}. How likely: "
                    f"{harm.get_likelihood_display()}. How serious: "
                    f"{harm.get_seriousness_display()}."
                }
                for harm in plan.harms.all()
            ),
            {"text": f"What happens if things go wrong: {plan.if_things_go_wrong}"},
            *(
                {
                    "text": f"Took part: {p.name} ({p.get_role_display()})"
                    + (
                        f", agreed on {long_date(timezone.localtime(p.agreed_at))}"
                        if p.agreed_at
                        else ", not agreed yet"
                    )
                }
                for p in plan.participants.all()
            ),
            *({"text": f"Review: {_review_text(review)}"} for review in plan.reviews.all()),
        ]
        closed = plan.status == RiskPlanStatus.CLOSED
        activities = [
            {
                "detail": {
                    "status": "completed" if closed else "in-progress",
                    "description": action.action,
                    "performer": [{"display": action.who}],
                }
            }
            for action in plan.safer_actions.all()
        ]
        data = {
            "resourceType": "CarePlan",
            "id": resource_id(plan),
            "status": "completed" if closed else "active",
            "intent": "plan",
            "category": _category(RISK_CATEGORY),
            "title": plan.choice,
            "description": plan.what_and_why,
            "subject": patient,
            "created": timezone.localtime(plan.created_at).isoformat(),
            "period": {
                "start": timezone.localtime(plan.created_at).date().isoformat(),
                "end": plan.review_on.isoformat(),
            },
            "activity": activities or None,
            "note": notes,
        }
        return CarePlan.model_validate({k: v for k, v in data.items() if v is not None})

    # Readable ----------------------------------------------------------------------

    def sections(self, person):
        plan = _recovery_plan(person)
        plan_rows, goal_rows = [], []
        if plan is not None:
            printed = pdf.printed_recovery_plan(plan)
            plan_rows = [("Who to contact in a crisis", printed.crisis_contacts)]
            plan_rows += printed.sections + printed.facts
            plan_rows = [(label, value or "Nothing written") for label, value in plan_rows]
            for goal in printed.goals:
                text = goal.status
                if goal.why_it_matters:
                    text += f". Why it matters: {goal.why_it_matters}"
                if goal.progress:
                    text += f". How far along it feels: {goal.progress}"
                steps = [
                    f"{s.description} ({s.when})" if s.when else s.description for s in goal.steps
                ]
                if steps:
                    text += ". Small steps: " + "; ".join(steps)
                goal_rows.append((goal.title, text))
        risk_rows = []
        for risk in _risk_plans(person):
            printed = pdf.printed_risk_plan(risk)
            for label, value in printed.facts + printed.sections:
                risk_rows.append((f"{risk.choice}: {label.lower()}", value))
            for harm, likely, serious in printed.harms:
                risk_rows.append(
                    (f"{risk.choice}: possible harm", f"{harm} (how likely: {likely.lower()}, "
                     f"how serious: {serious.lower()})")
                )  # fmt: skip
            for action, who in printed.safer_actions:
                risk_rows.append((f"{risk.choice}: what will make it safer", f"{action} ({who})"))
            for name, role, agreed in printed.participants:
                risk_rows.append((f"{risk.choice}: took part", f"{name}, {role}. {agreed}"))
            for review in risk.reviews.all():
                label = f"{risk.choice}: review on {long_date(review.reviewed_on)}"
                risk_rows.append((label, _review_text(review)))
        return [
            Section(
                "Your recovery and wellbeing plan",
                plan_rows,
                intro="Your plan as it is now, in your own words.",
                empty="You have not started a recovery and wellbeing plan.",
            ),
            Section("Your goals", goal_rows, empty="You have not written any goals."),
            Section(
                "Your positive risk-taking plans",
                risk_rows,
                empty="You do not have any positive risk-taking plans.",
            ),
        ]
