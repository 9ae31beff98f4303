"""Becoming a student with no sign-in: the same answer for every address, the email
checked before anything is held, and limits on how often one client or address asks."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user, get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoveryhub.college import registration as reg
from recoveryhub.college.models import Enrolment, PendingStudent, Student, StudentType
from recoveryhub.core.testing import assert_good_page, read_page
from recoveryhub.jobs.services import run_queued

from .registering import (
    BECOME,
    NEW_PASSWORD,
    SENT,
    ask,
    choose_password,
    emailed_link,
    register,
    registration,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
PLAN = reverse("college:learning_plan")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def written() -> tuple[int, int, int, int]:
    return (
        User.objects.count(),
        Student.objects.count(),
        PendingStudent.objects.count(),
        DBTaskResult.objects.count(),
    )


# The same answer for every address ----------------------------------------------------


def test_the_answer_is_the_same_whether_or_not_the_email_has_a_sign_in(client, world, capture):
    known = ask(client, capture, registration(world, email="PAT@example.com"))
    unknown = ask(client, capture, registration(world, email="new.person@example.com"))
    assert (known.status_code, known["Location"]) == (302, SENT)
    assert (unknown.status_code, unknown["Location"]) == (302, SENT)
    assert known.content == unknown.content
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    facts = assert_good_page(client.get(SENT))
    assert facts.h1s == ["Check your email"]
    assert "/college/become-a-student/" in facts.links


def test_both_do_the_same_work_and_no_email_goes_while_the_page_waits(client, world, capture):
    before = written()
    ask(client, capture, registration(world, email="PAT@example.com"))
    after_known = written()
    ask(client, capture, registration(world, email="new.person@example.com"))
    after_unknown = written()
    # Each: one request kept until the job runner runs, one task queued, nothing else.
    assert after_known == (before[0], before[1], before[2] + 1, before[3] + 1)
    assert after_unknown == (before[0], before[1], before[2] + 2, before[3] + 2)
    assert mail.outbox == []


def test_an_address_with_a_sign_in_is_told_how_to_sign_in_and_nothing_changes(
    client, world, capture, password
):
    ask(client, capture, registration(world, email="PAT@example.com", full_name="Someone Else"))
    run_queued()
    [message] = mail.outbox
    assert message.to == ["pat@example.com"]
    assert message.subject == "You already have a Recovery Hub sign-in"
    assert "Hello Patricia," in message.body  # their name, not what was typed
    assert "/sign-in/?next=%2Fcollege%2Fbecome-a-student%2F" in message.body
    assert "/password-reset/" in message.body
    assert "Someone Else" not in message.body
    assert not PendingStudent.objects.exists()
    world.pat_user.refresh_from_db()
    assert world.pat_user.check_password(password)
    assert not Student.objects.filter(email="pat@example.com").exists()


def test_a_closed_account_is_sent_nothing(client, world, capture, make_user):
    make_user("closed@example.com", is_active=False)
    ask(client, capture, registration(world, email="closed@example.com"))
    run_queued()
    assert mail.outbox == []
    assert not PendingStudent.objects.exists()


# Nothing is held until the emailed link is opened -------------------------------------


def test_nothing_is_made_until_the_link_is_opened_and_its_reader_chooses_the_password(
    client, world, capture
):
    users, students = User.objects.count(), Student.objects.count()
    ask(client, capture, registration(world))
    assert (User.objects.count(), Student.objects.count()) == (users, students)
    assert not get_user(client).is_authenticated
    link = emailed_link("robin@example.com")
    [message] = mail.outbox
    assert message.subject == "Finish becoming a student of the Recovery College"
    assert "Hello Rob," in message.body and "works for 24 hours" in message.body

    page = client.get(link)
    facts = assert_good_page(page)
    assert facts.h1s == ["Choose a password"]
    assert "Robin Newcomer" in page.content.decode()
    response = choose_password(client, link)
    assert response["Location"] == PLAN
    user = User.objects.get(email="robin@example.com")
    assert user.check_password(NEW_PASSWORD) and get_user(client) == user
    assert user.student.full_name == "Robin Newcomer"
    assert not PendingStudent.objects.exists()
    # The link works once.
    client.logout()
    assert assert_good_page(client.get(link)).h1s == ["This link does not work"]


def test_without_the_link_no_place_can_be_asked_for(client, world, college, capture):
    ask(client, capture, registration(world))
    response = client.post(reverse("college:enrol", args=[college.run.pk]))
    assert assert_good_page(response).h1s != ["Your place is confirmed"]
    assert not Enrolment.objects.filter(student__email="robin@example.com").exists()


def test_asking_again_replaces_the_first_link(client, world, capture):
    ask(client, capture, registration(world))
    first = emailed_link("robin@example.com")
    ask(client, capture, registration(world, full_name="Robin Newcomer-Smith"))
    second = emailed_link("robin@example.com")
    assert first != second
    assert assert_good_page(client.get(first)).h1s == ["This link does not work"]
    choose_password(client, first)
    assert not User.objects.filter(email="robin@example.com").exists()
    choose_password(client, second)
    assert User.objects.get(email="robin@example.com").full_name == "Robin Newcomer-Smith"


def test_an_old_link_does_not_work(client, world, capture):
    ask(client, capture, registration(world))
    link = emailed_link("robin@example.com")
    PendingStudent.objects.update(created_at=timezone.now() - timedelta(days=2))
    token = link.rstrip("/").rsplit("/", 1)[1]
    later = timezone.now() + reg.LINK_VALID + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        assert reg.from_token(token) is None
    assert reg.from_token(token) is not None  # the same link, within its 24 hours


@pytest.mark.parametrize(
    "token", ["not-a-real-link", "eyJwIjoxLCJuIjoiIn0:1abcde:tampered", "%00", "x" * 3000]
)
def test_made_up_links_are_explained(client, world, token):
    response = client.get(f"/college/become-a-student/finish/{token}/")
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        facts = assert_good_page(response)
        assert facts.h1s == ["This link does not work"]
        assert "/college/become-a-student/" in facts.links
    assert not User.objects.filter(email="robin@example.com").exists()


def test_a_link_for_an_address_that_got_a_sign_in_meanwhile_makes_nothing(
    client, world, capture, make_user
):
    ask(client, capture, registration(world))
    link = emailed_link("robin@example.com")
    make_user("robin@example.com")
    response = choose_password(client, link)
    assert assert_good_page(response).h1s == ["This link does not work"]
    assert User.objects.filter(email="robin@example.com").count() == 1
    assert not get_user(client).is_authenticated


@pytest.mark.parametrize(
    ("new1", "new2", "field", "message"),
    [
        ("", "", "#id_new_password1", "Create a password"),
        ("short", "short", "#id_new_password1", "at least 12 characters"),
        ("password1234", "password1234", "#id_new_password1", "too common"),
        ("12345678901234", "12345678901234", "#id_new_password1", "letters"),
        ("robin@example", "robin@example", "#id_new_password1", "too like your"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "#id_new_password2", "do not match"),
        (NEW_PASSWORD, "", "#id_new_password2", "Enter the password again"),
    ],
)
def test_bad_passwords_say_what_is_wrong_and_make_nothing(
    client, world, capture, new1, new2, field, message
):
    ask(client, capture, registration(world))
    link = emailed_link("robin@example.com")
    response = client.post(
        link, {"new_password1": new1, "new_password2": new2, "privacy_notice": "on"}
    )
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert field in facts.error_summary_links
    assert message in response.content.decode()
    assert not User.objects.filter(email="robin@example.com").exists()
    assert PendingStudent.objects.count() == 1  # the link still works


# How often one client or one address may ask ------------------------------------------


def test_the_21st_request_from_one_client_in_a_minute_is_refused(client, world, capture):
    for n in range(20):
        response = ask(client, capture, registration(world, email=f"person{n}@example.com"))
        assert response["Location"] == SENT
    before = written()
    response = ask(client, capture, registration(world, email="person20@example.com"))
    facts = assert_good_page(response, status=429)
    assert facts.h1s == ["You have tried too many times"]
    assert "Wait 1 minute, then try again" in response.content.decode()
    assert response["Retry-After"] == "60"
    assert written() == before
    # Someone on another connection is not held up.
    other = registration(world, email="elsewhere@example.com")
    with capture(execute=True):
        response = client.post(BECOME, other, REMOTE_ADDR="192.0.2.50")
    assert response["Location"] == SENT


def test_one_address_may_be_asked_for_3_times_an_hour(client, world, capture):
    for n in range(3):
        ask(client, capture, registration(world), url=BECOME)
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{n + 1}"  # even from other connections
    before = written()
    response = ask(client, capture, registration(world, email="ROBIN@example.com"))
    assert assert_good_page(response, status=429).h1s == ["You have tried too many times"]
    assert written() == before


def test_bad_input_is_not_counted_and_is_answered_as_usual(client, world, capture):
    for _ in range(25):
        response = ask(client, capture, registration(world, email="not an email"))
        assert response.status_code == 200
    assert read_page(response.content.decode()).error_summary_links == ["#id_email"]
    assert ask(client, capture, registration(world))["Location"] == SENT


def test_one_client_cannot_take_every_place_on_a_run(client, world, college, make_user):
    run = college.run  # 10 places, Pat has one
    enrol = reverse("college:enrol", args=[run.pk])
    answers = []
    for n in range(9):
        user = make_user(f"bot{n}@example.com")
        Student.objects.create(
            user=user, full_name=f"Bot {n}", email=user.email, student_type=StudentType.PUBLIC
        )
        client.force_login(user)
        answers.append(client.post(enrol).status_code)
    assert answers == [302] * 5 + [429] * 4
    assert Enrolment.objects.filter(run=run).count() == 1 + 5
    refused = client.post(enrol)
    assert assert_good_page(refused, status=429).h1s == ["You have tried too many times"]
    assert "requests for places" in refused.content.decode()
    assert "Wait 10 minutes, then try again" in refused.content.decode()
    # Someone else, on their own connection, still gets a place.
    client.force_login(world.student)
    assert client.post(enrol, REMOTE_ADDR="192.0.2.60").status_code == 302
    assert Enrolment.objects.filter(run=run, student=college.sam_student).exists()


def test_the_whole_journey_still_works_for_a_person_on_their_own(client, world, capture):
    response = register(client, capture, world)
    assert response["Location"] == PLAN
    assert_good_page(client.get(PLAN))
