"""The synthetic College that seed_demo writes: plausible, consistent and repeatable."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import Role
from recoveryhub.college import models as m
from recoveryhub.college import reach_signals
from recoveryhub.college.demo import TODAY, seed_college
from recoveryhub.college.tests.test_session_times import runs_with_wrong_times
from recoveryhub.core.permissions import can, runs_taught
from recoveryhub.feedback.tests.forget import forget_feedback
from recoveryhub.pathways.tests.forget import forget_pathways
from recoveryhub.people.models import Locality
from recoveryhub.practice.tests.forget import forget_practice

pytestmark = pytest.mark.django_db

COLLEGE = [
    m.SentMessage, m.CourseFeedback, m.Attendance, m.Enrolment, m.LearningPlan, m.Student,
    m.Session, m.RunTrainer, m.CourseRun, m.Trainer, m.FundingSource, m.Venue, m.Course,
    m.CurriculumArea, m.Term,
]  # fmt: skip


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.ALLOW_DEMO_DATA = True


def seed(seed: int = 1) -> None:
    call_command("seed_demo", size="small", seed=seed, stdout=StringIO())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COLLEGE}


def snapshot() -> list:
    return [
        counts(),
        list(m.Student.objects.order_by("id").values_list("full_name", "student_type")[:50]),
        list(
            m.CourseRun.objects.order_by("id").values_list(
                "course__title", "term__name", "capacity", "status"
            )
        ),
        list(m.Enrolment.objects.order_by("id").values_list("student__full_name", "status")),
        list(m.Attendance.objects.order_by("id").values_list("mark", flat=True)),
    ]


def runs_with_places():
    return m.CourseRun.objects.annotate(
        confirmed=Count("enrolments", filter=Q(enrolments__status=m.EnrolmentStatus.CONFIRMED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=m.EnrolmentStatus.WAITING)),
    )


def test_small_college_is_plausible_consistent_and_written_once(small_demo_for_the_module):
    small_college_has_what_the_strategy_asks_for()
    every_published_run_is_co_produced_and_none_is_over_booked()
    assert runs_with_wrong_times() == []  # every run's copy of when its sessions are
    no_trainer_teaches_two_runs_at_once()
    demo_sign_ins_have_a_college_to_see()
    first = counts()
    seed()
    assert counts() == first


def small_college_has_what_the_strategy_asks_for():
    assert m.Term.objects.count() == 5
    assert m.CurriculumArea.objects.filter(name="Carers, family and friends").exists()
    assert m.Course.objects.count() >= 25
    assert m.Course.objects.filter(title="Living well with a long-term condition").exists()
    # Venues in every locality, a base in Wisbech, outreach, and online.
    assert Locality.objects.filter(venues__isnull=True).count() == 0
    wisbech = m.Venue.objects.get(name="Recovery College East, Wisbech")
    assert wisbech.kind == m.VenueKind.BASE and wisbech.locality.name == "Fenland"
    assert m.Venue.objects.filter(kind=m.VenueKind.OUTREACH).exists()
    assert m.Venue.objects.filter(kind=m.VenueKind.ONLINE).exists()
    assert set(m.FundingSource.objects.values_list("kind", flat=True)) >= {
        m.FundingKind.COMMISSIONER, m.FundingKind.SKILLS_AGENCY, m.FundingKind.PARTNER_COLLEGE,
        m.FundingKind.CHARITABLE_GRANT, m.FundingKind.TRUST,
    }  # fmt: skip
    # A few hundred enrolments from students of every kind, carers and staff among them.
    assert 200 <= m.Enrolment.objects.count() <= 1000
    assert set(m.Student.objects.values_list("student_type", flat=True)) == set(m.StudentType)
    assert m.Student.objects.filter(person__isnull=False, student_type="uses_services").exists()
    assert m.Student.objects.filter(person__isnull=False, student_type="carer").exists()
    assert m.Student.objects.filter(student_type="staff", team__isnull=False).exists()
    assert m.LearningPlan.objects.exists()
    # A run that moves between venues.
    assert (
        m.CourseRun.objects.annotate(venues=Count("sessions__venue", distinct=True))
        .filter(venues__gt=1)
        .exists()
    )
    # Past sessions have registers, most present; later ones have none.
    marks = m.Attendance.objects.aggregate(
        all=Count("id"), present=Count("id", filter=Q(mark=m.Mark.PRESENT))
    )
    assert 0.7 <= marks["present"] / marks["all"] <= 0.85
    assert not m.Attendance.objects.filter(session__starts_at__gt=timezone.now()).exists()
    assert m.Session.objects.filter(cancelled_at__isnull=False).count() >= 2
    assert not m.Attendance.objects.filter(session__cancelled_at__isnull=False).exists()
    assert m.CourseFeedback.objects.exists()
    # Terms ahead have published runs with places left.
    ahead = runs_with_places().filter(
        status=m.RunStatus.PUBLISHED, first_session_at__date__gt=TODAY
    )
    assert ahead.filter(confirmed__lt=F("capacity")).exists()


def every_published_run_is_co_produced_and_none_is_over_booked():
    published = m.CourseRun.objects.filter(status=m.RunStatus.PUBLISHED)
    for kind in m.TrainerKind:
        assert not published.exclude(run_trainers__trainer__kind=kind).exists(), kind
    runs = runs_with_places()
    assert not runs.filter(confirmed__gt=F("capacity")).exists()
    assert runs.filter(waiting__gt=0).exists()  # popular courses have waiting lists
    assert not runs.filter(waiting__gt=0, confirmed__lt=F("capacity")).exists()
    assert (
        not m.Enrolment.objects.filter(run__status=m.RunStatus.DRAFT).exists()
        and not m.Enrolment.objects.filter(
            run__status=m.RunStatus.CANCELLED, status__in=["confirmed", "waiting"]
        ).exists()
    )
    first = m.CourseRun.objects.filter(first_session_at__isnull=False).first()
    assert (
        first.first_session_at
        == first.sessions.filter(cancelled_at__isnull=True).earliest("starts_at").starts_at
    )


def no_trainer_teaches_two_runs_at_once():
    live = m.Session.objects.filter(cancelled_at__isnull=True).exclude(
        run__status=m.RunStatus.CANCELLED
    )
    clashes = live.filter(
        run__run_trainers__trainer__run_trainers__run__sessions__starts_at__lt=F("ends_at"),
        run__run_trainers__trainer__run_trainers__run__sessions__ends_at__gt=F("starts_at"),
    ).exclude(run__run_trainers__trainer__run_trainers__run=F("run"))
    assert not clashes.exists()


def demo_sign_ins_have_a_college_to_see():
    trainer = User.objects.get(email="trainer@recoveryhub.example")
    taught = runs_taught(trainer)
    assert taught.count() >= 3
    now = timezone.now()
    # One running this week, with this week's register still to mark or coming up.
    this_week = taught.filter(
        sessions__starts_at__gte=now - timezone.timedelta(days=7),
        sessions__starts_at__lte=now + timezone.timedelta(days=7),
    ).distinct()
    assert this_week.exists()
    # One in the past with a register to mark.
    unmarked = m.Session.objects.filter(
        run__in=taught, ends_at__lt=now, cancelled_at__isnull=True, attendances__isnull=True
    )
    assert unmarked.exists()
    run = taught.first()
    assert can(trainer, "run.mark_register", run)
    for email, kind in [
        ("person@recoveryhub.example", m.StudentType.USES_SERVICES),
        ("carer@recoveryhub.example", m.StudentType.CARER),
        ("student@recoveryhub.example", m.StudentType.PUBLIC),
    ]:
        student = m.Student.objects.get(user__email=email)
        assert student.student_type == kind
        assert student.enrolments.filter(status=m.EnrolmentStatus.CONFIRMED).count() >= 2
    alex = m.Student.objects.get(user__email="person@recoveryhub.example")
    assert alex.person is not None and alex.learning_plans.exists()
    assert User.objects.get(email="student@recoveryhub.example").roles == {Role.STUDENT}


@contextmanager
def reach_signals_off():
    """Deleting the College row by row would recount each row's run as it goes (ten
    thousand recounts, 40 s on PostgreSQL); the counts are deleted with their runs anyway."""
    reach_signals.disconnect()
    try:
        yield
    finally:
        reach_signals.connect()


def forget_the_college():
    forget_practice()  # the action plan refers to feedback, fidelity, teams and staff
    forget_feedback()  # feedback refers to teams, people and staff
    forget_pathways()  # the pathways refer to courses, goals, people and staff
    with reach_signals_off():
        for model in COLLEGE:
            model.objects.all().delete()
    assert not m.ReachCount.objects.exists() and not m.ReachStudent.objects.exists()
    User.objects.filter(email__endswith="@trainers.recoveryhub.example").delete()


def test_same_seed_gives_the_same_college_and_another_seed_another(small_demo_for_the_module):
    from recoveryhub.episodes.tests.test_demo import forget_episodes

    first = snapshot()  # seed 1, written for the module
    forget_episodes(teams=True)  # teams added after the College's step change its draws
    forget_the_college()
    seed_college("small", 1, progress=lambda message: None)
    assert snapshot() == first
    forget_the_college()
    seed_college("small", 4, progress=lambda message: None)
    assert snapshot() != first


@pytest.mark.parametrize(
    ("saturday", "first", "before"),
    [
        ("2026-10-17", "2026-10-03", 2),  # mid-term: two Saturdays before this week's
        ("2026-09-12", "2026-09-12", 0),  # the term's first week: this week's is the first
        ("2026-09-19", "2026-09-12", 1),
        ("2026-12-12", "2026-11-21", 3),  # near its end: the fourth and last is this week's
        ("2026-12-26", "2026-09-12", 0),  # after the term: from its first Saturday
    ],
)
def test_the_demo_trainers_saturday_course_stays_inside_its_term(saturday, first, before):
    from datetime import date, timedelta

    from recoveryhub.college.demo import _this_weeks_saturdays

    autumn = m.Term(name="Autumn 2026", starts_on=date(2026, 9, 7), ends_on=date(2026, 12, 18))
    found, found_before = _this_weeks_saturdays(autumn, date.fromisoformat(saturday), 4)
    assert (found, found_before) == (date.fromisoformat(first), before)
    assert autumn.starts_on <= found and found + timedelta(weeks=3) <= autumn.ends_on
