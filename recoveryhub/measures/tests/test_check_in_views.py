"""A person's check-ins, and a worker's with them, through the pages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures import catalogue
from recoveryhub.measures.models import CheckIn, CheckInStatus, ReminderSchedule, ReminderSent

pytestmark = pytest.mark.django_db


def items(code):
    return [item.code for item in catalogue.get(code).items]


def do_check_in(client, code, values, start_url=None, extra=None):
    response = client.post(start_url or reverse("measures:start", args=[code]), extra or {})
    assert response.status_code == 302, response.content.decode()[:500]
    check_in = CheckIn.objects.latest("started_at")
    for number, value in enumerate(values, start=1):
        url = reverse("measures:question", args=[check_in.pk, number])
        response = client.post(url, {"answer": value})
        assert response.status_code == 302
    response = client.post(reverse("measures:check", args=[check_in.pk]))
    assert response["Location"] == reverse("measures:result", args=[check_in.pk])
    check_in.refresh_from_db()
    return check_in


def test_a_person_completes_a_phq9_and_sees_what_it_means(client, sign_in, world):
    sign_in(client, world.pat_user)
    assert_good_page(client.get(reverse("measures:mine")))
    assert_good_page(client.get(reverse("measures:start", args=["phq9"])))
    check_in = do_check_in(client, "phq9", [1] * 9)
    assert check_in.status == CheckInStatus.COMPLETE
    assert check_in.total == 9
    assert check_in.recorded_as == "self"
    response = client.get(reverse("measures:result", args=[check_in.pk]))
    facts = assert_good_page(response)
    assert "PHQ-9 result" in facts.h1s[0]
    assert "<strong>9</strong> out of 27" in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_each_question_page_is_a_good_page(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["gad7"]))
    check_in = CheckIn.objects.get()
    for number in range(1, len(items("gad7")) + 1):
        facts = assert_good_page(
            client.get(reverse("measures:question", args=[check_in.pk, number]))
        )
        assert facts.h1s[0] == catalogue.get("gad7").items[number - 1].text


def test_answers_are_kept_when_someone_stops_half_way(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    client.post(reverse("measures:question", args=[check_in.pk, 1]), {"answer": 2})
    response = client.post(
        reverse("measures:question", args=[check_in.pk, 2]), {"answer": 1, "later": "1"}
    )
    assert response["Location"] == reverse("measures:mine")
    assert "Carry on where you left off" in client.get(reverse("measures:mine")).content.decode()
    # Starting again carries on at the first unanswered question, with the same answers.
    response = client.post(reverse("measures:start", args=["phq9"]))
    assert response["Location"] == reverse("measures:question", args=[check_in.pk, 3])
    assert CheckIn.objects.get().answers == {items("phq9")[0]: 2, items("phq9")[1]: 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select an answer"),
        ({"answer": "7"}, "Select one of the answers shown"),
        ({"answer": "-1"}, "Select one of the answers shown"),
        ({"answer": "two"}, "Select one of the answers shown"),
    ],
)
def test_bad_answers_say_what_is_wrong_and_keep_nothing(client, sign_in, world, data, message):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    response = client.post(reverse("measures:question", args=[check_in.pk, 1]), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.answers == {}


def test_a_question_that_does_not_exist_is_not_found(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    for number in [0, 10, 99]:
        assert (
            client.get(reverse("measures:question", args=[check_in.pk, number])).status_code == 404
        )
    assert client.get(reverse("measures:start", args=["no-such-thing"])).status_code == 404
    assert client.post(reverse("measures:start", args=["no-such-thing"])).status_code == 404


def test_an_incomplete_check_in_cannot_be_saved(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    client.post(reverse("measures:question", args=[check_in.pk, 1]), {"answer": 2})
    response = client.post(reverse("measures:check", args=[check_in.pk]))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.DRAFT and check_in.total is None


def test_an_unfinished_check_in_can_be_thrown_away(client, sign_in, world):
    sign_in(client, world.pat_user)
    client.post(reverse("measures:start", args=["phq9"]))
    check_in = CheckIn.objects.get()
    client.post(reverse("measures:discard", args=[check_in.pk]))
    assert not CheckIn.objects.exists()


def test_a_completed_check_in_cannot_be_changed_or_thrown_away(client, sign_in, world):
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, "gad7", [0] * 7)
    response = client.post(reverse("measures:question", args=[check_in.pk, 1]), {"answer": 3})
    assert response["Location"] == reverse("measures:result", args=[check_in.pk])
    assert client.post(reverse("measures:discard", args=[check_in.pk])).status_code == 404
    check_in.refresh_from_db()
    assert check_in.total == 0 and CheckIn.objects.count() == 1


def test_the_result_compares_with_last_time_and_the_first(client, sign_in, world):
    sign_in(client, world.pat_user)
    do_check_in(client, "phq9", [3] * 9)  # 27
    do_check_in(client, "phq9", [2] * 9)  # 18
    latest = do_check_in(client, "phq9", [1] * 9)  # 9
    text = client.get(reverse("measures:result", args=[latest.pk])).content.decode()
    assert "down 9 from last time" in text
    assert "down 18 from your first check-in" in text
    assert "a real improvement" in text


def test_a_worker_records_a_check_in_on_behalf_and_it_is_logged(client, sign_in, world):
    sign_in(client, world.recovery_coach)
    start = reverse("measures:person_start", args=[world.pat.pk, "gad7"])
    assert_good_page(client.get(start))
    response = client.post(start, {"recorded_as": "sideways"})
    assert "Select how you are recording this check-in" in response.content.decode()
    assert not CheckIn.objects.exists()
    check_in = do_check_in(
        client, "gad7", [2] * 7, start_url=start, extra={"recorded_as": "on_behalf"}
    )
    assert check_in.recorded_as == "on_behalf" and check_in.recorded_by == world.recovery_coach
    # Starting it and completing it are each a change; the start page, shown twice, a view each.
    assert AccessEvent.objects.filter(person=world.pat, action="change").count() == 2
    assert AccessEvent.objects.filter(person=world.pat, action="view").count() == 2
    response = client.get(reverse("measures:result", args=[check_in.pk]))
    assert (
        "on the person&#39;s behalf" in response.content.decode()
        or "behalf" in response.content.decode()
    )
    assert AccessEvent.objects.filter(person=world.pat, action="view").count() == 3


def test_the_safety_item_prompts_a_worker_review_and_supports_the_person(client, sign_in, world):
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, "phq9", [0] * 8 + [1])
    text = client.get(reverse("measures:result", args=[check_in.pk])).content.decode()
    assert "Samaritans" in text
    client.logout()
    sign_in(client, world.peer_worker)
    text = client.get(reverse("measures:result", args=[check_in.pk])).content.decode()
    assert "Review safety with Pat" in text


@pytest.mark.parametrize("name", ["person", "person_reminders"])
def test_outside_the_caseload_nothing_is_found(client, sign_in, world, name):
    sign_in(client, world.clinician)
    assert client.get(reverse(f"measures:{name}", args=[world.pat.pk])).status_code == 404


def test_check_in_ids_cannot_be_guessed(client, sign_in, world):
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, "gad7", [1] * 7)
    for outsider in [world.clinician, world.college_staff, world.manager, world.carer_user]:
        client.logout()
        sign_in(client, outsider)
        assert client.get(reverse("measures:result", args=[check_in.pk])).status_code == 404
        assert client.post(reverse("measures:discard", args=[check_in.pk])).status_code == 404
        url = reverse("measures:person_progress", args=[world.pat.pk, "gad7"])
        assert client.get(url).status_code == 404


def test_carers_see_check_ins_only_while_shared(client, sign_in, world):
    sign_in(client, world.pat_user)
    check_in = do_check_in(client, "gad7", [1] * 7)
    client.logout()
    sign_in(client, world.carer_user)
    url = reverse("measures:person", args=[world.pat.pk])
    assert client.get(url).status_code == 404
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    assert_good_page(client.get(url))
    assert client.get(reverse("measures:result", args=[check_in.pk])).status_code == 200
    # A carer may look, never record.
    assert (
        client.post(reverse("measures:person_start", args=[world.pat.pk, "gad7"])).status_code
        == 404
    )
    world.carer_link.shares_check_ins = False
    world.carer_link.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("measures:result", args=[check_in.pk])).status_code == 404


def make_history(person, code, count):
    now = timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(
            person=person,
            instrument=code,
            status=CheckInStatus.COMPLETE,
            answers=dict.fromkeys(items(code), 1),
            total=9 if code == "phq9" else None,
            started_at=now - timedelta(days=i),
            completed_at=now - timedelta(days=i),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("code", ["phq9", "wellbeing"])
def test_progress_queries_do_not_grow_with_check_ins(
    client, sign_in, world, code, django_assert_max_num_queries
):
    sign_in(client, world.pat_user)
    url = reverse("measures:progress", args=[code])
    make_history(world.pat, code, 3)
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert_good_page(response)
    make_history(world.pat, code, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "<svg" in response.content.decode() and "<table" in response.content.decode()


def test_reminders_can_be_set_changed_and_stopped_by_the_person(client, sign_in, world):
    sign_in(client, world.pat_user)
    url = reverse("measures:reminders")
    assert_good_page(client.get(url))
    soon = timezone.localdate() + timedelta(days=3)
    data = {"instrument": "phq9", "every_days": 14, "starts_on_0": soon.day,
            "starts_on_1": soon.month, "starts_on_2": soon.year}  # fmt: skip
    client.post(url, data)
    schedule = ReminderSchedule.objects.get()
    assert (schedule.every_days, schedule.next_due, schedule.active) == (14, soon, True)
    client.post(url, {**data, "every_days": 28})
    schedule.refresh_from_db()
    assert schedule.every_days == 28 and ReminderSchedule.objects.count() == 1
    client.post(reverse("measures:stop_reminder", args=[schedule.pk]))
    schedule.refresh_from_db()
    assert not schedule.active


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"instrument": ""}, "Select a check-in"),
        ({"instrument": "horoscope"}, "Select a check-in from the list"),
        ({"every_days": 3}, "Select how often from the list"),
        ({"starts_on_2": "2001"}, "must be today or in the future"),
        ({"starts_on_1": "13"}, "must be a real date"),
    ],
)
def test_bad_reminders_are_refused(client, sign_in, world, change, message):
    sign_in(client, world.pat_user)
    soon = timezone.localdate() + timedelta(days=3)
    data = {"instrument": "phq9", "every_days": 14, "starts_on_0": soon.day,
            "starts_on_1": soon.month, "starts_on_2": soon.year}  # fmt: skip
    response = client.post(reverse("measures:reminders"), {**data, **change})
    assert message in response.content.decode()
    assert_good_page(response)
    assert not ReminderSchedule.objects.exists()


def test_reminders_are_sent_once_however_often_the_command_runs(
    world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    world.pat.email = "pat@example.com"
    world.pat.save()
    due = ReminderSchedule.objects.create(
        person=world.pat, instrument="phq9", every_days=14, next_due=today
    )
    ReminderSchedule.objects.create(
        person=world.quinn, instrument="gad7", every_days=7, next_due=today, active=False
    )
    ReminderSchedule.objects.create(
        person=world.pat, instrument="gad7", every_days=7, next_due=today + timedelta(days=1)
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_check_in_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.com"]
    assert "/check-ins/start/phq9/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.next_due == today + timedelta(days=14)
    assert ReminderSent.objects.count() == 1


def test_a_reminder_the_email_service_refuses_stays_due_and_goes_next_time(world, settings):
    today = timezone.localdate()
    world.pat.email = "pat@example.com"
    world.pat.save()
    due = ReminderSchedule.objects.create(
        person=world.pat, instrument="phq9", every_days=14, next_due=today
    )
    settings.EMAIL_BACKEND = "recoveryhub.jobs.tests.conftest.RefusingBackend"
    err = StringIO()
    call_command("send_check_in_reminders", stdout=StringIO(), stderr=err)
    assert "1 could not be sent" in err.getvalue()
    due.refresh_from_db()
    assert (due.next_due, ReminderSent.objects.count(), len(mail.outbox)) == (today, 0, 0)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("send_check_in_reminders", stdout=out)
    assert "Sent 1 check-in reminder." in out.getvalue()
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1


def test_the_check_ins_page_shows_the_latest_result_of_each(client, sign_in, world):
    sign_in(client, world.pat_user)
    do_check_in(client, "phq9", [3] * 9)
    do_check_in(client, "phq9", [1] * 9)
    do_check_in(client, "gad7", [2] * 7)
    text = client.get(reverse("measures:mine")).content.decode()
    assert "9 (mild)" in text
    assert "27 (severe)" not in text
    assert "14 (moderate)" in text
