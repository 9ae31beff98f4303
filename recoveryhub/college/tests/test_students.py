"""Becoming a student, the learning plan, enrolling, one's own places and cancelling them."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.college import services
from recoveryhub.college.models import (
    Audience,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    PendingStudent,
    RunStatus,
    Student,
    StudentType,
)
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page, read_page

from .registering import BECOME, NEW_PASSWORD, register, registration

pytestmark = pytest.mark.django_db
User = get_user_model()

PLAN = reverse("college:learning_plan")
MINE = reverse("college:my_courses")


def enrol_url(run) -> str:
    return reverse("college:enrol", args=[run.pk])


def plan_data(**changes) -> dict:
    data = {
        "hopes": "To understand what my son is going through",
        "wants_from_college": "Ideas for looking after myself too",
        "support_needs": "A seat near the door",
        "how_i_like_to_learn": "Small groups",
        "revisit_on_0": "",
        "revisit_on_1": "",
        "revisit_on_2": "",
    }
    data.update(changes)
    return data


def revisit(day: str, month: str, year: str) -> dict:
    return {"revisit_on_0": day, "revisit_on_1": month, "revisit_on_2": year}


def error_links(response) -> list[str]:
    return read_page(response.content.decode()).error_summary_links


# Becoming a student --------------------------------------------------------------


def test_a_visitor_sees_the_form_without_signing_in(client, world):
    response = client.get(BECOME)
    facts = assert_good_page(response)
    assert facts.h1s == ["Become a student of the Recovery College"]
    body = response.content.decode()
    assert 'type="password"' not in body  # chosen from the emailed link, by its reader
    assert "we will email you a link" in body
    assert "I prefer not to say" in body
    assert "Fenland" in body


def test_a_visitor_registers_is_signed_in_and_goes_on_to_their_learning_plan(
    client, world, django_capture_on_commit_callbacks
):
    response = register(client, django_capture_on_commit_callbacks, world)
    assert response.status_code == 302
    assert response["Location"] == PLAN
    user = User.objects.get(email="robin@example.com")
    assert user.full_name == "Robin Newcomer"
    assert user.check_password(NEW_PASSWORD)
    assert user.roles == {Role.STUDENT}
    student = user.student
    assert (student.full_name, student.preferred_name, student.email) == (
        "Robin Newcomer",
        "Rob",
        "robin@example.com",
    )
    assert student.student_type == StudentType.CARER
    assert student.locality == world.fenland
    assert student.person is None
    # Signed in: their own pages open.
    assert_good_page(client.get(PLAN))


def test_registering_keeps_the_enrol_link_to_come_back_to(
    client, world, college, django_capture_on_commit_callbacks
):
    target = enrol_url(college.run)
    url = f"{BECOME}?next={target}"
    response = register(client, django_capture_on_commit_callbacks, world, url, next=target)
    assert response["Location"] == f"{PLAN}?next={target.replace('/', '%2F')}"
    response = client.post(response["Location"], plan_data(next=target))
    assert response["Location"] == target


def test_a_next_link_to_another_site_is_ignored(client, world, django_capture_on_commit_callbacks):
    evil = "https://evil.example.com/"
    response = register(client, django_capture_on_commit_callbacks, world, next=evil)
    assert response["Location"] == PLAN


def test_prefer_not_to_say_and_a_team_only_for_staff(
    client, world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    register(client, capture, world, locality="not-said", team=str(world.team_a.pk))
    student = Student.objects.get(email="robin@example.com")
    assert student.locality is None
    assert student.team is None  # a carer is not asked for a team
    client.logout()
    register(
        client,
        capture,
        world,
        email="sally@example.com",
        student_type=StudentType.STAFF,
        locality="elsewhere",
        team=str(world.team_a.pk),
    )
    staff = Student.objects.get(email="sally@example.com")
    assert (staff.team, staff.locality) == (world.team_a, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter your full name"),
        ({"email": "not an email"}, "email", "Enter an email address in the correct format"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "x" * 300 + "@example.com"}, "email", "254 characters or fewer"),
        ({"student_type": ""}, "student_type", "Select which of these describes you best"),
        ({"student_type": "alien"}, "student_type", "Select which of these describes you best"),
        ({"locality": ""}, "locality", "Select where you live"),
        ({"locality": "99999"}, "locality", "Select where you live"),
        ({"team": "99999", "student_type": "staff"}, "team", "Select your team"),
        ({"phone": "0" * 31}, "phone", "30 characters or fewer"),
    ],
)
def test_bad_registrations_say_what_is_wrong_and_write_nothing(
    client, world, changes, field, message
):
    users, students = User.objects.count(), Student.objects.count()
    response = client.post(BECOME, registration(world, **changes))
    assert not PendingStudent.objects.exists()
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert any(link.startswith(f"#id_{field}") for link in error_links(response))
    assert message in response.content.decode()
    assert (User.objects.count(), Student.objects.count()) == (users, students)
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_becomes_a_student_linked_to_their_record(
    client, sign_in, world, make_user
):
    pat = world.pat
    pat.email, pat.phone = "pat.home@example.com", "07700 900123"
    pat.save()
    sign_in(client, world.pat_user)
    response = client.get(BECOME)
    assert_good_page(response)
    body = response.content.decode()
    assert 'name="password1"' not in body  # they have a sign-in already
    assert 'value="Patricia Jones"' in body
    assert 'value="pat.home@example.com"' in body
    assert 'value="uses_services" checked' in body
    data = registration(world, full_name="Patricia Jones", email="pat.home@example.com")
    data["student_type"] = StudentType.USES_SERVICES
    response = client.post(BECOME, data)
    assert response["Location"] == PLAN
    student = world.pat_user.student
    assert student.person == pat
    assert RoleGrant.objects.filter(user=world.pat_user, role=Role.STUDENT).exists()
    assert User.objects.filter(email="pat.home@example.com").count() == 0


def test_a_signed_in_staff_member_is_offered_their_team(client, sign_in, world):
    sign_in(client, world.peer_worker)
    body = client.get(BECOME).content.decode()
    assert 'value="staff" checked' in body
    assert f'value="{world.team_a.pk}" selected' in body


def test_someone_already_a_student_goes_to_their_courses(client, sign_in, world, college):
    sign_in(client, world.student)
    response = client.get(BECOME)
    assert response.status_code == 302
    assert response["Location"] == MINE
    response = client.post(BECOME, registration(world))
    assert response["Location"] == MINE
    assert Student.objects.filter(user=world.student).count() == 1


# The learning plan ---------------------------------------------------------------


def test_not_a_student_yet_is_sent_to_become_one_first(client, sign_in, world, college):
    sign_in(client, world.carer_user)
    for url in (PLAN, MINE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{BECOME}?next={url.replace('/', '%2F')}"


def test_writing_a_first_learning_plan(client, sign_in, world, college):
    sign_in(client, world.student)
    facts = assert_good_page(client.get(PLAN))
    assert facts.h1s == ["Your learning plan"]
    soon = timezone.localdate() + timedelta(days=90)
    data = plan_data(
        revisit_on_0=str(soon.day), revisit_on_1=str(soon.month), revisit_on_2=str(soon.year)
    )
    response = client.post(PLAN, data)
    assert response["Location"] == MINE
    plan = college.sam_student.learning_plans.get()
    assert plan.hopes == "To understand what my son is going through"
    assert plan.revisit_on == soon
    assert plan.written_by == world.student


def test_revisiting_keeps_the_earlier_plan_and_prefills_the_current_one(
    client, sign_in, world, college
):
    sign_in(client, world.pat_user)
    response = client.get(PLAN)
    assert_good_page(response)
    body = response.content.decode()
    assert "To feel less alone" in body  # pre-filled with the current plan
    assert "we keep your earlier plans" in body
    client.post(PLAN, plan_data(hopes="To go back to work"))
    plans = list(college.pat_student.learning_plans.all())
    assert [p.hopes for p in plans] == ["To go back to work", "To feel less alone"]
    response = client.get(PLAN)
    body = response.content.decode()
    assert "To go back to work" in body
    assert "Your earlier plans" in body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hopes": ""}, "hopes", "Enter what you hope for"),
        ({"wants_from_college": " "}, "wants_from_college", "Enter what you want"),
        ({"support_needs": "x" * 2001}, "support_needs", "2000 characters or fewer"),
        (revisit("31", "2", "2030"), "revisit_on", "real"),
        (revisit("1", "1", "2020"), "revisit_on", "future"),
        (revisit("1", "", "2030"), "revisit_on", "month"),
    ],
)
def test_bad_learning_plans_write_nothing(
    client, sign_in, world, college, changes, field, message
):
    sign_in(client, world.student)
    response = client.post(PLAN, plan_data(**changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert any(link.startswith(f"#id_{field}") for link in error_links(response))
    assert message in response.content.decode()
    assert LearningPlan.objects.filter(student=college.sam_student).count() == 0


def test_today_is_not_in_the_future_for_revisiting(client, sign_in, world, college):
    sign_in(client, world.student)
    today = timezone.localdate()
    data = plan_data(
        revisit_on_0=str(today.day), revisit_on_1=str(today.month), revisit_on_2=str(today.year)
    )
    response = client.post(PLAN, data)
    assert "must be in the future" in response.content.decode()
    assert not LearningPlan.objects.filter(student=college.sam_student).exists()


# Enrolling -----------------------------------------------------------------------


def test_a_visitor_is_offered_to_become_a_student_or_sign_in(client, world, college):
    url = enrol_url(college.run)
    response = client.get(url)
    facts = assert_good_page(response)
    assert facts.h1s == ["Enrol on Understanding anxiety"]
    assert f"{BECOME}?next={url.replace('/', '%2F')}" in facts.links
    assert any(link.startswith(reverse("accounts:sign_in")) for link in facts.links)
    assert "Wisbech Recovery Hub" in response.content.decode()


def test_a_signed_in_non_student_is_sent_to_become_a_student_first(
    client, sign_in, world, college
):
    sign_in(client, world.carer_user)
    url = enrol_url(college.run)
    response = client.get(url)
    assert response["Location"] == f"{BECOME}?next={url.replace('/', '%2F')}"


def test_a_student_checks_then_enrols_and_gets_a_place(client, sign_in, world, college):
    sign_in(client, world.student)
    url = enrol_url(college.run)
    response = client.get(url)
    facts = assert_good_page(response)
    assert facts.h1s == ["Check before you enrol"]
    body = response.content.decode()
    assert "There is a place for you" in body
    assert "Confirm and enrol" in body
    response = client.post(url)
    enrolment = Enrolment.objects.get(student=college.sam_student, run=college.run)
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    assert enrolment.enrolled_by is None  # they asked themselves
    assert response["Location"] == reverse("college:place", args=[enrolment.pk])
    facts = assert_good_page(client.get(response["Location"]))
    assert facts.h1s == ["Your place is confirmed"]


def test_a_full_run_offers_the_waiting_list_and_says_the_position(client, sign_in, world, college):
    services.change_capacity(college.run, 1, by=world.college_staff)  # Pat has the place
    sign_in(client, world.student)
    url = enrol_url(college.run)
    body = client.get(url).content.decode()
    assert "you will join the waiting list" in body
    assert "Join the waiting list" in body
    response = client.post(url)
    enrolment = Enrolment.objects.get(student=college.sam_student, run=college.run)
    assert enrolment.status == EnrolmentStatus.WAITING
    response = client.get(response["Location"])
    facts = assert_good_page(response)
    assert facts.h1s == ["You are on the waiting list"]
    assert "You are number 1 on the waiting list" in response.content.decode()


@pytest.mark.parametrize("why", ["audience", "started", "cancelled", "already"])
def test_enrolling_when_it_is_not_allowed_says_why_and_writes_nothing(
    client, sign_in, world, college, why
):
    run = college.run
    student = world.pat_user if why == "already" else world.student
    if why == "audience":
        college.course.audience = Audience.CARERS
        college.course.save()
        message = "This course is for carers"
    elif why == "started":
        first = college.sessions[0]
        first.starts_at = timezone.now() - timedelta(hours=1)
        first.save()
        message = "already started"
    elif why == "cancelled":
        run.status = RunStatus.CANCELLED
        run.save()
        message = "not open for enrolment"
    else:
        message = "You already have a place"
    sign_in(client, student)
    before = Enrolment.objects.count()
    for method in (client.get, client.post):
        response = method(enrol_url(run))
        facts = assert_good_page(response)
        body = response.content.decode()
        assert "Confirm and enrol" not in body
        if why != "already":
            assert facts.title.startswith("Error: ")
            assert message in body
        else:
            assert "You already have a place on this course" in body
    assert Enrolment.objects.count() == before


def test_a_rule_broken_between_check_and_confirm_is_shown_not_a_500(
    client, sign_in, world, college, monkeypatch
):
    from django.core.exceptions import ValidationError

    def refuse(*args, **kwargs):
        raise ValidationError("This course is not open for enrolment.")

    monkeypatch.setattr(services, "enrol", refuse)
    sign_in(client, world.student)
    response = client.post(enrol_url(college.run))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "not open for enrolment" in response.content.decode()


def test_draft_and_unknown_runs_are_not_found(client, sign_in, world, college):
    college.other_run.status = RunStatus.DRAFT
    college.other_run.save()
    sign_in(client, world.student)
    assert client.get(enrol_url(college.other_run)).status_code == 404
    assert client.get(reverse("college:enrol", args=[999999])).status_code == 404


def test_the_place_page_is_only_for_the_student(client, sign_in, world, college):
    url = reverse("college:place", args=[college.pat_enrolment.pk])
    sign_in(client, world.student)
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, world.college_staff)
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, world.pat_user)
    assert_good_page(client.get(url))


# My courses and cancelling -------------------------------------------------------


def test_my_courses_groups_places_with_the_next_session_and_waiting_position(
    client, sign_in, world, college, django_assert_max_num_queries
):
    sam = college.sam_student
    services.change_capacity(college.other_run, 1, by=world.college_staff)
    services.enrol(college.pat_student, college.other_run)
    waiting = services.enrol(sam, college.other_run)
    confirmed = services.enrol(sam, college.run)
    sign_in(client, world.student)
    response = client.get(MINE)
    facts = assert_good_page(response)
    assert facts.h1s == ["Your courses"]
    body = response.content.decode()
    assert "Next session:" in body
    assert "You are number 1 on the waiting list" in body
    assert reverse("college:cancel_place", args=[confirmed.pk]) in facts.links
    assert reverse("college:cancel_place", args=[waiting.pk]) in facts.links
    assert "Write your learning plan" in body


def test_my_courses_queries_do_not_grow_with_places(
    client, sign_in, world, college, django_assert_max_num_queries
):
    sign_in(client, world.pat_user)
    with django_assert_max_num_queries(20) as few:
        client.get(MINE)
    services.enrol(college.pat_student, college.other_run)
    for n in range(3):
        other = Student.objects.create(full_name=f"Other {n}", student_type=StudentType.PUBLIC)
        services.enrol(other, college.other_run)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MINE)
    assert response.content.decode().count("Cancel your place") == 2


def test_my_courses_shows_the_learning_plan_summary(client, sign_in, world, college):
    sign_in(client, world.pat_user)
    body = client.get(MINE).content.decode()
    assert "Large print handouts, please" in body
    assert "Look at your learning plan again" in body


def test_a_student_cancels_their_place_and_the_first_waiting_gets_it(
    client, sign_in, world, college
):
    services.change_capacity(college.run, 1, by=world.college_staff)
    waiting = services.enrol(college.sam_student, college.run)
    url = reverse("college:cancel_place", args=[college.pat_enrolment.pk])
    sign_in(client, world.pat_user)
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["Cancel your place?"]
    response = client.post(url)
    assert response["Location"] == MINE
    college.pat_enrolment.refresh_from_db()
    waiting.refresh_from_db()
    assert college.pat_enrolment.status == EnrolmentStatus.CANCELLED
    assert college.pat_enrolment.cancelled_by == world.pat_user
    assert waiting.status == EnrolmentStatus.CONFIRMED
    assert waiting.promoted_at is not None
    body = client.get(MINE).content.decode()
    assert "Your place on Understanding anxiety is cancelled." in body
    assert "Cancelled" in body


def test_cancelling_twice_says_so(client, sign_in, world, college):
    url = reverse("college:cancel_place", args=[college.pat_enrolment.pk])
    sign_in(client, world.pat_user)
    client.post(url)
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["This place is cancelled"]
    response = client.post(url)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert "already been cancelled" in response.content.decode()


@pytest.mark.parametrize("who", ["student", "trainer", "carer_user", "recovery_coach"])
def test_nobody_else_can_cancel_a_place(client, sign_in, world, college, who):
    url = reverse("college:cancel_place", args=[college.pat_enrolment.pk])
    sign_in(client, getattr(world, who))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    college.pat_enrolment.refresh_from_db()
    assert college.pat_enrolment.status == EnrolmentStatus.CONFIRMED


def test_college_staff_cancel_on_someones_behalf_and_it_is_logged(client, sign_in, world, college):
    url = reverse("college:cancel_place", args=[college.pat_enrolment.pk])
    sign_in(client, world.college_staff)
    facts = assert_good_page(client.get(url))
    assert facts.h1s == ["Cancel Pat Jones's place?"]
    client.post(url)
    college.pat_enrolment.refresh_from_db()
    assert college.pat_enrolment.status == EnrolmentStatus.CANCELLED
    actions = list(
        AccessEvent.objects.filter(person=world.pat, actor=world.college_staff).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["change", "view"]


def test_the_forms_refuse_other_methods(client, sign_in, world, college):
    sign_in(client, world.student)
    assert client.put(BECOME).status_code == 405
    assert client.post(MINE).status_code == 405
