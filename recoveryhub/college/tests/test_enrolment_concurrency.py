"""No run is ever over-booked, whatever the concurrency, and the waiting list keeps its order.

Real threads, each with its own database connection, ask at the same moment
(a barrier lets them all go at once). Run on SQLite (WAL, BEGIN IMMEDIATE, busy
timeout) and on PostgreSQL (SELECT ... FOR UPDATE) with DATABASE_URL set.

On SQLite the test database is in memory, shared between connections by SQLite's
shared cache, which has table locks of its own that no busy timeout waits for. A
real deployment uses a file, so these tests copy the database to a file and use
that, with the project's settings (WAL, IMMEDIATE, timeout), as production does.
"""

import pytest
from django.db import connection

from recoveryhub.college import services
from recoveryhub.college.models import Enrolment, EnrolmentStatus, Student, StudentType
from recoveryhub.core.tests.concurrency import OnAFile, at_once

pytestmark = pytest.mark.django_db(transaction=True)

STUDENTS = 50
PLACES = 10


@pytest.fixture
def crowd(college, tmp_path):
    """A run with 10 places and nobody on it, and 50 students who all want one."""
    run = college.other_run
    assert run.capacity == PLACES and not run.enrolments.exists()
    students = [
        Student(full_name=f"Student {n:02d}", student_type=StudentType.PUBLIC)
        for n in range(STUDENTS)
    ]
    Student.objects.bulk_create(students)
    found = (run, list(Student.objects.filter(full_name__startswith="Student ")))
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield found
        return
    with OnAFile(tmp_path / "college.sqlite3"):
        yield found


def in_order_of_asking(run) -> list[Enrolment]:
    return list(run.enrolments.order_by("requested_at", "pk"))


def test_fifty_students_at_once_get_exactly_ten_places_and_forty_wait_in_order(crowd):
    run, students = crowd
    errors = at_once(lambda student: services.enrol(student, run), students)
    assert errors == []

    enrolments = in_order_of_asking(run)
    assert len(enrolments) == STUDENTS
    statuses = [e.status for e in enrolments]
    assert statuses.count(EnrolmentStatus.CONFIRMED) == PLACES
    assert statuses.count(EnrolmentStatus.WAITING) == STUDENTS - PLACES
    # In order: the first ten to ask have the places, everyone after them waits.
    assert statuses == [EnrolmentStatus.CONFIRMED] * PLACES + [EnrolmentStatus.WAITING] * (
        STUDENTS - PLACES
    )
    # One at a time: each was written after the one before it asked.
    assert [e.pk for e in enrolments] == sorted(e.pk for e in enrolments)
    waiting = [e for e in enrolments if e.status == EnrolmentStatus.WAITING]
    assert [services.waiting_position(e) for e in waiting] == list(range(1, len(waiting) + 1))
    assert {e.student_id for e in enrolments} == {s.pk for s in students}


def test_cancellations_at_once_promote_the_front_of_the_waiting_list_in_order(
    crowd, college, world
):
    run, students = crowd
    assert at_once(lambda student: services.enrol(student, run), students) == []
    before = in_order_of_asking(run)
    confirmed = [e for e in before if e.status == EnrolmentStatus.CONFIRMED]
    waiting = [e for e in before if e.status == EnrolmentStatus.WAITING]

    leaving = [confirmed[0], confirmed[4], confirmed[9]]
    errors = at_once(lambda e: services.cancel_enrolment(e, by=world.college_staff), leaving)
    assert errors == []

    after = {e.pk: e for e in run.enrolments.all()}
    assert sum(e.status == EnrolmentStatus.CONFIRMED for e in after.values()) == PLACES
    assert all(after[e.pk].status == EnrolmentStatus.CANCELLED for e in leaving)
    promoted = [after[e.pk] for e in waiting[:3]]
    assert all(e.status == EnrolmentStatus.CONFIRMED for e in promoted)
    assert all(e.promoted_at is not None and e.confirmed_at == e.promoted_at for e in promoted)
    still_waiting = [after[e.pk] for e in waiting[3:]]
    assert all(e.status == EnrolmentStatus.WAITING for e in still_waiting)
    assert all(e.promoted_at is None for e in still_waiting)
    assert [services.waiting_position(e) for e in still_waiting] == list(
        range(1, len(still_waiting) + 1)
    )


def test_enrolling_and_cancelling_at_the_same_time_never_over_books(crowd, world):
    run, students = crowd
    first, rest = students[:PLACES], students[PLACES:]
    assert at_once(lambda student: services.enrol(student, run), first) == []
    leaving = list(run.enrolments.all()[:5])

    def work(item):
        if isinstance(item, Enrolment):
            services.cancel_enrolment(item, by=world.college_staff)
        else:
            services.enrol(item, run)

    assert at_once(work, leaving + rest) == []
    statuses = list(run.enrolments.values_list("status", flat=True))
    assert statuses.count(EnrolmentStatus.CONFIRMED) == PLACES
    assert statuses.count(EnrolmentStatus.CANCELLED) == 5
    assert statuses.count(EnrolmentStatus.WAITING) == len(rest) - 5
    # Nobody waits while a place is free.
    waiting = run.enrolments.filter(status=EnrolmentStatus.WAITING).order_by("requested_at", "pk")
    confirmed = run.enrolments.filter(status=EnrolmentStatus.CONFIRMED)
    latest_confirmed = max(e.requested_at for e in confirmed)
    assert all(e.requested_at >= latest_confirmed for e in waiting)
