"""services.enrol, cancel_enrolment, waiting_position and change_capacity: the edge cases."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.college import services
from recoveryhub.college.models import (
    Audience,
    Enrolment,
    RunStatus,
    Student,
    StudentType,
)

pytestmark = pytest.mark.django_db


def new_student(name: str, kind=StudentType.PUBLIC) -> Student:
    return Student.objects.create(full_name=name, student_type=kind)


@pytest.fixture
def run(college):
    """college.other_run: 10 places, nobody on it yet."""
    return college.other_run


def fill(run, count: int, prefix: str = "Student") -> list[Enrolment]:
    start = timezone.now()
    return [
        services.enrol(new_student(f"{prefix} {n}"), run, at=start + timedelta(seconds=n))
        for n in range(count)
    ]


def status_of(enrolment) -> str:
    enrolment.refresh_from_db()
    return enrolment.status


# Enrolling -----------------------------------------------------------------------


def test_a_free_place_is_confirmed_then_the_waiting_list_starts(run):
    enrolments = fill(run, 12)
    assert [e.status for e in enrolments] == ["confirmed"] * 10 + ["waiting"] * 2
    assert all(e.confirmed_at == e.requested_at for e in enrolments[:10])
    assert all(e.confirmed_at is None for e in enrolments[10:])
    assert [services.waiting_position(e) for e in enrolments] == [None] * 10 + [1, 2]


def test_staff_enrolling_someone_is_recorded_but_a_student_themself_is_not(run, world, college):
    by_staff = services.enrol(college.sam_student, run, by=world.college_staff)
    assert by_staff.enrolled_by == world.college_staff
    themself = services.enrol(college.pat_student, run, by=world.pat_user)
    assert themself.enrolled_by is None


@pytest.mark.parametrize(
    ("audience", "allowed", "refused"),
    [
        (Audience.CARERS, StudentType.CARER, StudentType.PUBLIC),
        (Audience.STAFF, StudentType.STAFF, StudentType.CARER),
        (Audience.SERVICE, StudentType.USES_SERVICES, StudentType.VOLUNTEER),
    ],
)
def test_a_course_for_some_people_refuses_others(run, college, world, audience, allowed, refused):
    course = college.course
    course.audience = audience
    if audience == Audience.SERVICE:
        course.audience_service_line = world.team_a.service_line
    course.save()
    with pytest.raises(ValidationError, match="This course is for"):
        services.enrol(new_student("Outsider", refused), run)
    assert not run.enrolments.exists()
    assert services.enrol(new_student("Insider", allowed), run).status == "confirmed"


def test_a_course_for_everyone_takes_anyone(run):
    for kind in StudentType.values:
        services.enrol(new_student(kind, kind), run)
    assert run.enrolments.count() == len(StudentType.values)


def test_nobody_enrols_twice_but_may_ask_again_after_cancelling(run, college, world):
    first = services.enrol(college.sam_student, run)
    with pytest.raises(ValidationError, match="already have a place"):
        services.enrol(college.sam_student, run)
    assert run.enrolments.count() == 1
    services.cancel_enrolment(first, by=world.student)
    again = services.enrol(college.sam_student, run)
    assert again.pk != first.pk and again.status == "confirmed"


def test_someone_waiting_cannot_ask_again_either(run, college):
    fill(run, 10)
    services.enrol(college.sam_student, run)
    with pytest.raises(ValidationError, match="already have a place or are on the waiting list"):
        services.enrol(college.sam_student, run)


@pytest.mark.parametrize("status", [RunStatus.DRAFT, RunStatus.CANCELLED])
def test_a_run_not_published_is_refused(run, college, status):
    run.status = status
    run.save()
    with pytest.raises(ValidationError, match="not open for enrolment"):
        services.enrol(college.sam_student, run)
    assert not run.enrolments.exists()


def test_a_run_that_has_started_is_refused_unless_only_a_cancelled_session_has_passed(
    run, college
):
    first = run.sessions.order_by("number").first()
    first.starts_at = timezone.now() - timedelta(hours=1)
    first.ends_at = first.starts_at + timedelta(hours=2)
    first.save()
    with pytest.raises(ValidationError, match="already started"):
        services.enrol(college.sam_student, run)
    first.cancelled_at = timezone.now() - timedelta(days=1)
    first.save()
    assert services.enrol(college.sam_student, run).status == "confirmed"


def test_enrolment_problem_says_nothing_when_all_is_well(run, college):
    assert services.enrolment_problem(college.sam_student, run) is None


# Cancelling ----------------------------------------------------------------------


def test_cancelling_a_place_promotes_the_first_waiting_and_says_who(run, world):
    enrolments = fill(run, 13)
    promoted = services.cancel_enrolment(enrolments[3], by=world.college_staff)
    assert [e.pk for e in promoted] == [enrolments[10].pk]
    assert status_of(enrolments[3]) == "cancelled"
    enrolments[3].refresh_from_db()
    assert enrolments[3].cancelled_by == world.college_staff
    assert enrolments[3].cancelled_at is not None
    enrolments[10].refresh_from_db()
    assert enrolments[10].status == "confirmed"
    assert enrolments[10].promoted_at is not None
    assert [services.waiting_position(e) for e in enrolments[11:]] == [1, 2]


def test_cancelling_a_waiting_place_promotes_nobody_and_moves_the_rest_up(run, world):
    enrolments = fill(run, 13)
    assert services.cancel_enrolment(enrolments[11], by=world.college_staff) == []
    assert run.enrolments.filter(status="confirmed").count() == 10
    assert services.waiting_position(enrolments[10]) == 1
    enrolments[12].refresh_from_db()
    assert services.waiting_position(enrolments[12]) == 2


def test_cancelling_twice_is_refused(run, college, world):
    enrolment = services.enrol(college.sam_student, run)
    services.cancel_enrolment(enrolment, by=world.student)
    with pytest.raises(ValidationError, match="already been cancelled"):
        services.cancel_enrolment(enrolment, by=world.student)


def test_the_waiting_list_is_served_by_time_asked_then_by_id(run, world):
    fill(run, 10)
    same_moment = timezone.now() + timedelta(hours=1)
    later = services.enrol(new_student("Later"), run, at=same_moment + timedelta(seconds=1))
    tie_a = services.enrol(new_student("Tie A"), run, at=same_moment)
    tie_b = services.enrol(new_student("Tie B"), run, at=same_moment)
    assert [services.waiting_position(e) for e in (tie_a, tie_b, later)] == [1, 2, 3]
    confirmed = run.enrolments.filter(status="confirmed").first()
    [promoted] = services.cancel_enrolment(confirmed, by=world.college_staff)
    assert promoted.pk == tie_a.pk


# Changing the number of places ---------------------------------------------------


def test_fewer_places_than_already_confirmed_is_refused_and_nothing_changes(run, world):
    fill(run, 8)
    with pytest.raises(ValidationError) as refused:
        services.change_capacity(run, 7, by=world.college_staff)
    assert "8 students already have a place" in str(refused.value.message_dict["capacity"])
    run.refresh_from_db()
    assert run.capacity == 10
    assert run.enrolments.filter(status="confirmed").count() == 8


@pytest.mark.parametrize("capacity", [0, -1])
def test_places_must_be_one_or_more(run, world, capacity):
    with pytest.raises(ValidationError, match="Places must be 1 or more"):
        services.change_capacity(run, capacity, by=world.college_staff)
    run.refresh_from_db()
    assert run.capacity == 10


def test_fewer_places_down_to_those_confirmed_is_allowed(run, world):
    fill(run, 8)
    assert services.change_capacity(run, 8, by=world.college_staff) == []
    run.refresh_from_db()
    assert run.capacity == 8
    assert services.enrol(new_student("Next"), run).status == "waiting"


def test_more_places_promote_from_the_waiting_list_in_order(run, world):
    enrolments = fill(run, 15)
    promoted = services.change_capacity(run, 13, by=world.college_staff)
    assert [e.pk for e in promoted] == [e.pk for e in enrolments[10:13]]
    assert [status_of(e) for e in enrolments[10:]] == ["confirmed"] * 3 + ["waiting"] * 2
    assert all(e.promoted_at is not None for e in promoted)
    assert [services.waiting_position(e) for e in enrolments[13:]] == [1, 2]


def test_more_places_than_people_waiting_leaves_places_free(run, world):
    enrolments = fill(run, 11)
    promoted = services.change_capacity(run, 20, by=world.college_staff)
    assert [e.pk for e in promoted] == [enrolments[10].pk]
    assert services.enrol(new_student("Newcomer"), run).status == "confirmed"


# Becoming a student and learning plans -------------------------------------------


def test_registering_makes_a_sign_in_and_grants_the_student_role(world):
    student = services.register_student(
        password="mossy-teapot-harbour-17",  # noqa: S106 (a test password)
        full_name="Robin Newcomer",
        email="robin@example.com",
        student_type=StudentType.PUBLIC,
    )
    assert student.user.email == "robin@example.com"
    assert student.user.check_password("mossy-teapot-harbour-17")
    assert list(student.user.role_grants.values_list("role", flat=True)) == [Role.STUDENT]


def test_registering_someone_signed_in_links_their_record_and_keeps_one_role_grant(world):
    RoleGrant.objects.create(user=world.pat_user, role=Role.STUDENT)
    student = services.register_student(
        user=world.pat_user,
        full_name="Patricia Jones",
        email="pat@example.com",
        student_type=StudentType.USES_SERVICES,
    )
    assert student.person == world.pat
    assert world.pat_user.role_grants.filter(role=Role.STUDENT).count() == 1


def test_a_new_learning_plan_is_current_and_the_old_one_is_kept(college, world):
    plan = services.write_learning_plan(
        college.pat_student, by=world.pat_user, hopes="New hopes", wants_from_college="More"
    )
    assert college.pat_student.learning_plans.first() == plan
    assert college.pat_student.learning_plans.count() == 2
