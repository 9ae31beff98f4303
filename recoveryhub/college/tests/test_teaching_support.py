"""What the tests of trainers' pages, certificates and feedback share (no tests here)."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoveryhub.college.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    Mark,
    Session,
    Student,
    StudentType,
)


def shift(run, days: float) -> None:
    """Move every session of a run `days` earlier, as if that much time had passed."""
    Session.objects.filter(run=run).update(
        starts_at=F("starts_at") - timedelta(days=days),
        ends_at=F("ends_at") - timedelta(days=days),
    )


def later_today() -> datetime:
    """A moment later today (local time), however late it is now."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return now + (midnight - now) / 2


def add_student(run, name: str, *, status=EnrolmentStatus.CONFIRMED, person=None, plan=True):
    student = Student.objects.create(
        full_name=name, student_type=StudentType.PUBLIC, person=person,
        email=f"{name.split()[0].lower()}@example.com",
    )  # fmt: skip
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        student=student, run=run, status=status, requested_at=now,
        confirmed_at=now if status == EnrolmentStatus.CONFIRMED else None,
    )  # fmt: skip
    if plan:
        LearningPlan.objects.create(
            student=student, hopes=f"Secret hope of {name}", wants_from_college="Learn",
            support_needs=f"Support for {name}", how_i_like_to_learn="In small groups",
        )  # fmt: skip
    return enrolment


def mark(enrolment, session, value=Mark.PRESENT, by=None) -> Attendance:
    return Attendance.objects.create(
        enrolment=enrolment, session=session, mark=value, marked_by=by, marked_at=timezone.now()
    )


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.fixture
def finished(college):
    """college.run, all four sessions over (the last ended a week ago)."""
    shift(college.run, 35)
    for session in college.sessions:
        session.refresh_from_db()
    return college
