"""The demo's dates hold together: nothing before it could have happened, nothing after today.

Seeds the small demo once and checks each rule across every row; a failure names the rule
and a few of the rows that break it.
"""

from datetime import datetime, time, timedelta

import pytest
from django.db.models import F, Min, Q
from django.utils import timezone

from recoveryhub.college.models import Attendance, CourseFeedback, Enrolment, Session
from recoveryhub.measures.models import CheckIn, SafetyFlag
from recoveryhub.people.demo import TODAY
from recoveryhub.people.models import CarerLink, CaseloadAssignment, Person
from recoveryhub.plans.models import (
    GoalRating,
    RecoveryPlan,
    RecoveryPlanVersion,
    RiskPlanReview,
    RiskPlanVersion,
    Step,
)

pytestmark = pytest.mark.django_db


def _latest():
    """The demo is written as of its own today (TODAY); a part written around the real
    date (this week's course) may reach the real today. Nothing may be later than both."""
    demo_end = timezone.make_aware(datetime.combine(TODAY + timedelta(days=1), time()))
    return max(demo_end, timezone.now())


def _first_caseload_day():
    return dict(
        CaseloadAssignment.objects.values("person")
        .annotate(first=Min("starts_on"))
        .values_list("person", "first")
    )


def _age(born, on) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def broken_rules() -> dict[str, list]:
    latest = _latest()
    latest_day = timezone.localtime(latest).date()
    rules = {
        "a check-in finished in the future": CheckIn.objects.filter(completed_at__gt=latest),
        "a check-in finished before it started": CheckIn.objects.filter(
            completed_at__lt=F("started_at")
        ),
        "a check-in before the person was born": CheckIn.objects.filter(
            started_at__date__lt=F("person__date_of_birth")
        ),
        "a date of birth in the future": Person.objects.filter(date_of_birth__gt=latest_day),
        "a caseload that starts in the future": CaseloadAssignment.objects.filter(
            starts_on__gt=latest_day
        ),
        "a caseload that ends before it starts": CaseloadAssignment.objects.filter(
            ends_on__lt=F("starts_on")
        ),
        "a carer since before the person was born": CarerLink.objects.filter(
            since__lt=F("cared_for__date_of_birth")
        ),
        "a flag raised before its check-in was finished": SafetyFlag.objects.filter(
            raised_at__lt=F("check_in__completed_at")
        ),
        "a flag acknowledged before it was raised": SafetyFlag.objects.filter(
            acknowledged_at__lt=F("raised_at")
        ),
        "a flag raised or acknowledged in the future": SafetyFlag.objects.filter(
            Q(raised_at__gt=latest) | Q(acknowledged_at__gt=latest)
        ),
        "a plan version written in the future": RecoveryPlanVersion.objects.filter(
            written_at__gt=latest
        ),
        "a risk-taking plan version written in the future": RiskPlanVersion.objects.filter(
            written_at__gt=latest
        ),
        "a plan agreed in the future": RecoveryPlan.objects.filter(agreed_at__gt=latest),
        "a step done in the future": Step.objects.filter(done_on__gt=latest_day),
        "a goal rated in the future": GoalRating.objects.filter(rated_at__gt=latest),
        "a review in the future, or its next review not after it": RiskPlanReview.objects.filter(
            Q(reviewed_on__gt=latest_day) | Q(next_review_on__lte=F("reviewed_on"))
        ),
        "a session that ends before it starts": Session.objects.filter(
            ends_at__lte=F("starts_at")
        ),
        "a session outside its run's term": Session.objects.filter(
            Q(starts_at__date__lt=F("run__term__starts_on"))
            | Q(starts_at__date__gt=F("run__term__ends_on"))
        ),
        "a place asked for in the future": Enrolment.objects.filter(requested_at__gt=latest),
        "a place confirmed before it was asked for": Enrolment.objects.filter(
            confirmed_at__lt=F("requested_at")
        ),
        "a place given up before it was asked for": Enrolment.objects.filter(
            cancelled_at__lt=F("requested_at")
        ),
        "a register marked before the session began, or in the future": (
            Attendance.objects.filter(
                Q(marked_at__lt=F("session__starts_at")) | Q(marked_at__gt=latest)
            )
        ),
        "a student marked at a session before they asked for a place": (
            Attendance.objects.filter(enrolment__requested_at__gt=F("session__starts_at"))
        ),
        "feedback in the future": CourseFeedback.objects.filter(submitted_at__gt=latest),
    }
    broken = {rule: list(rows.values_list("pk", flat=True)[:5]) for rule, rows in rules.items()}
    first = _first_caseload_day()
    early = [
        pk
        for pk, person_id, started in CheckIn.objects.values_list(
            "pk", "person_id", "started_at"
        ).iterator()
        if person_id in first and timezone.localtime(started).date() < first[person_id]
    ]
    broken["a check-in before the person came to the service"] = early[:5]
    born = dict(Person.objects.exclude(date_of_birth=None).values_list("pk", "date_of_birth"))
    broken["on an adult team's caseload before they were 16"] = [
        pk
        for pk, person_id, starts in CaseloadAssignment.objects.values_list(
            "pk", "person_id", "starts_on"
        )
        if person_id in born and _age(born[person_id], starts) < 16
    ][:5]
    plan_began = {
        plan: timezone.localtime(at).date()
        for plan, at in RecoveryPlanVersion.objects.values("plan")
        .annotate(at=Min("written_at"))
        .values_list("plan", "at")
    }
    broken["a recovery plan agreed before it was written"] = [
        pk
        for pk, agreed in RecoveryPlan.objects.exclude(agreed_at=None).values_list(
            "pk", "agreed_at"
        )
        if pk in plan_began and timezone.localtime(agreed).date() < plan_began[pk]
    ][:5]
    return {rule: rows for rule, rows in broken.items() if rows}


def test_the_small_demo_has_no_impossible_dates(small_demo_for_the_module):
    assert CheckIn.objects.exists() and Enrolment.objects.exists() and Step.objects.exists()
    assert broken_rules() == {}


def test_the_checker_finds_an_impossible_date(small_demo_for_the_module):
    # The rules are real: one check-in moved before its person came is caught.
    check_in = CheckIn.objects.filter(person__caseload__isnull=False).first()
    first = _first_caseload_day()[check_in.person_id]
    moment = timezone.make_aware(datetime.combine(first - timedelta(days=3), time(12)))
    CheckIn.objects.filter(pk=check_in.pk).update(started_at=moment, completed_at=moment)
    assert set(broken_rules()) == {"a check-in before the person came to the service"}
