"""The synthetic plans that seed_demo writes: plausible, consistent and repeatable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from recoveryhub.core import permissions
from recoveryhub.feedback.tests.forget import forget_feedback
from recoveryhub.pathways.tests.forget import forget_pathways
from recoveryhub.people.models import CarerLink, Person
from recoveryhub.plans import models as m
from recoveryhub.plans import reviews, services, versions
from recoveryhub.plans.demo import TODAY
from recoveryhub.practice.tests.forget import forget_practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def forget_plans() -> None:
    """Delete every plan, versions included (which only tests and a fresh database may do)."""
    forget_practice()  # the action plan refers to feedback, fidelity, teams and staff
    forget_feedback()  # feedback refers to teams, people and staff
    forget_pathways()  # the pathways refer to courses, goals, people and staff
    m.RecoveryPlan.objects.update(agreed_version=None)
    m.PositiveRiskPlan.objects.update(agreed_version=None)
    m.RecoveryPlanVersion._base_manager.all().delete()
    m.RiskPlanVersion._base_manager.all().delete()
    m.RecoveryPlan.objects.all().delete()
    m.PositiveRiskPlan.objects.all().delete()


def seed(seed: int = 1) -> None:
    call_command("seed_demo", size="small", seed=seed, stdout=StringIO())


MODELS = [
    m.RecoveryPlan, m.Goal, m.Step, m.GoalRating, m.RecoveryPlanVersion, m.PositiveRiskPlan,
    m.Harm, m.SaferAction, m.Participant, m.RiskPlanVersion,
]  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> list:
    return [
        counts(),
        list(m.RecoveryPlan.objects.order_by("person__nhs_number").values_list(
            "person__nhs_number", "keeps_me_well", "review_on", "agreed_version__number")),
        list(m.Goal.objects.order_by("plan__person__nhs_number", "id").values_list(
            "title", "status")),
        list(m.PositiveRiskPlan.objects.order_by("person__nhs_number", "id").values_list(
            "person__nhs_number", "choice", "review_on", "status")),
        list(m.RecoveryPlanVersion.objects.order_by("plan__person__nhs_number", "number")
             .values_list("number", "written_by__email", "written_at")),
    ]  # fmt: skip


def test_demo_plans_are_plausible_and_written_once(small_demo_for_the_module):
    the_demo_persons_plan_is_full_and_in_her_own_words()
    many_people_have_plans_with_goals_and_history()
    some_plans_are_overdue_and_the_demo_workers_see_them()
    first = counts()
    seed()
    assert counts() == first


def the_demo_persons_plan_is_full_and_in_her_own_words():
    alex = Person.objects.get(user__email="person@recoveryhub.example")
    plan = alex.recovery_plan
    assert all(getattr(plan, name) for name in services.PLAN_SECTIONS)
    assert plan.goals.count() == 3
    assert m.Step.objects.filter(goal__plan=plan).count() >= 6
    assert m.Step.objects.filter(goal__plan=plan, done_on__isnull=False).exists()
    assert m.GoalRating.objects.filter(goal__plan=plan).count() >= 10
    history = list(plan.versions.order_by("number"))
    assert [v.number for v in history] == list(range(1, len(history) + 1))
    assert len(history) >= 4
    written = {v.written_as for v in history}
    assert written == {m.WrittenAs.SELF, m.WrittenAs.WITH_WORKER}
    # Agreed, then changed: it asks for her agreement again.
    assert plan.agreed_version is not None and services.needs_agreement(plan)
    # The latest version is the plan as it stands, and what changed can be shown.
    assert history[-1].content == services.snapshot(plan)
    for before, after in zip(history, history[1:], strict=False):
        assert versions.changes(before.content, after.content, {}), after.number
    risk = list(alex.positive_risk_plans.order_by("review_on"))
    assert len(risk) == 2
    assert risk[0].review_on < TODAY < risk[1].review_on
    for plan in risk:
        assert plan.harms.exists() and plan.safer_actions.exists()
        assert plan.participants.filter(role=m.ParticipantRole.PERSON).exists()
        assert plan.versions.count() == 2 and plan.agreed_version.number == 2
        assert plan.versions.get(number=2).content == services.risk_snapshot(plan)


def many_people_have_plans_with_goals_and_history():
    carers = CarerLink.objects.values("carer_id")
    people = Person.objects.exclude(pk__in=carers).filter(user__isnull=True).count()
    plans = m.RecoveryPlan.objects.filter(person__user__isnull=True).count()
    assert 0.5 * people < plans < 0.7 * people
    assert not m.RecoveryPlan.objects.filter(person__in=carers).exists()
    assert m.RecoveryPlan.objects.annotate(n=Count("goals")).filter(n=0).count() == 0
    assert m.RecoveryPlan.objects.annotate(n=Count("versions")).filter(n__lt=2).count() == 0
    assert m.RecoveryPlan.objects.filter(agreed_version__isnull=True).exists()
    assert m.GoalRating.objects.count() > plans
    assert m.PositiveRiskPlan.objects.filter(status=m.RiskPlanStatus.CLOSED).exists()
    assert 0.2 * plans < m.PositiveRiskPlan.objects.count() < 0.45 * plans
    # Every version can be compared with the one before it, as the history pages do.
    some = m.RecoveryPlanVersion.objects.filter(number=2).select_related("plan")[:20]
    for after in some:
        before = after.plan.versions.get(number=1)
        assert versions.changes(before.content, after.content, {})
        goals = {f"goal-{pk}" for pk in after.plan.goals.values_list("pk", flat=True)}
        assert {item["key"] for item in after.content["items"]["goal"]} <= goals
    latest = m.RiskPlanVersion.objects.filter(plan__person__user__isnull=True).last()
    assert latest.content["items"]["harm"] and latest.content["sections"]["choice"]


def some_plans_are_overdue_and_the_demo_workers_see_them():
    overdue = reviews.overdue(TODAY)
    kinds = {row["kind"] for row in overdue}
    assert kinds == {reviews.RECOVERY, reviews.RISK}
    from recoveryhub.accounts.models import User

    coach = User.objects.get(email="recovery.coach@recoveryhub.example")
    assert len(reviews.overdue(TODAY, people=permissions.caseload(coach))) > 0
    assert len(reviews.due_for_review(TODAY, 28, people=permissions.caseload(coach))) > 0


def test_same_seed_gives_the_same_plans(small_demo_for_the_module):
    from recoveryhub.core.tests.test_seed_demo import forget_demo_data

    first = snapshot()  # seed 1, written for the module
    forget_demo_data()
    seed(1)
    assert snapshot() == first
