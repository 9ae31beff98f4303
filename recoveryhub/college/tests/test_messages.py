"""The College's messages: each kind sent once, at the right time, to the right students."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import services
from recoveryhub.college.messages import send_due_messages, uk_time, uk_when
from recoveryhub.college.models import (
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    MessageKind,
    Recommend,
    RunStatus,
    SentMessage,
    Student,
    StudentType,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def subjects(to=None) -> list[str]:
    return [m.subject for m in mail.outbox if to is None or m.to == [to]]


def the_day_before(session) -> datetime:
    """9am UK time on the day before the session."""
    day = timezone.localtime(session.starts_at).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, 9, tzinfo=LONDON)


def make_student(name, email, **extra) -> Student:
    return Student.objects.create(
        full_name=name, email=email, student_type=StudentType.PUBLIC, **extra
    )


@pytest.fixture
def full_run(college):
    """Pat has the only place; Sam is first on the waiting list."""
    college.run.capacity = 1
    college.run.save()
    sam = services.enrol(college.sam_student, college.run)
    assert sam.status == EnrolmentStatus.WAITING
    return college


def test_dates_and_times_are_written_the_nhs_way():
    assert uk_when(datetime(2026, 3, 3, 10, tzinfo=LONDON)) == "Tuesday 3 March 2026 at 10am"
    # Summer time: 13:30 UTC is 2:30pm in the UK.
    assert uk_when(datetime(2026, 7, 1, 13, 30, tzinfo=ZoneInfo("UTC"))) == (
        "Wednesday 1 July 2026 at 2:30pm"
    )
    assert uk_time(datetime(2026, 3, 3, 12, tzinfo=LONDON)) == "midday"
    assert uk_time(datetime(2026, 3, 3, 0, tzinfo=LONDON)) == "midnight"
    assert uk_time(datetime(2026, 3, 3, 0, 15, tzinfo=LONDON)) == "12:15am"


def test_a_confirmed_place_and_a_waiting_list_place_are_each_told_once(full_run):
    college = full_run
    outcome = send_due_messages()
    assert outcome.sent == {MessageKind.CONFIRMATION: 1, MessageKind.WAITING: 1}
    pat = next(m for m in mail.outbox if m.to == ["pat@example.com"])
    assert pat.subject == "Your place on Understanding anxiety is confirmed"
    first = college.sessions[0]
    assert pat.body.startswith("Hello Pat,")
    assert f"The course starts on {uk_when(first.starts_at)}." in pat.body
    assert "Session 4 of 4:" in pat.body
    assert "Wisbech Recovery Hub: 1 Market Place, Wisbech, PE13 1AB" in pat.body
    assert "It has step-free access and a hearing loop." in pat.body
    assert "Buses: X1, 46" in pat.body
    assert f"{settings.SITE_URL}{reverse('college:my_courses')}" in pat.body
    sam = next(m for m in mail.outbox if m.to == ["sam.student@example.com"])
    assert sam.subject == "You are on the waiting list for Understanding anxiety"
    assert "You are number 1 on the list." in sam.body
    assert "patient" not in pat.body + sam.body

    assert send_due_messages().total == 0
    assert len(mail.outbox) == 2
    assert SentMessage.objects.count() == 2


def test_waiting_list_positions_follow_the_order_people_asked(full_run):
    later = make_student("Lee Later", "lee@example.com")
    services.enrol(later, full_run.run)
    send_due_messages()
    lee = next(m for m in mail.outbox if m.to == ["lee@example.com"])
    assert "You are number 2 on the list." in lee.body


def test_a_place_that_comes_free_is_told_to_whoever_gets_it(full_run, world):
    send_due_messages()
    mail.outbox.clear()
    services.cancel_enrolment(full_run.pat_enrolment, by=world.pat_user)
    outcome = send_due_messages()
    assert outcome.sent == {MessageKind.PROMOTION: 1}
    (message,) = mail.outbox
    assert message.to == ["sam.student@example.com"]
    assert message.subject == "A place came free on Understanding anxiety: it is yours"
    assert "it is now yours" in message.body
    assert send_due_messages().total == 0


def test_promoted_before_the_waiting_message_went_gets_only_the_good_news(full_run, world):
    services.cancel_enrolment(full_run.pat_enrolment, by=world.pat_user)
    send_due_messages()
    assert subjects("sam.student@example.com") == [
        "A place came free on Understanding anxiety: it is yours"
    ]


def test_a_reminder_the_day_before_each_session_to_students_with_a_place(full_run):
    college = full_run
    send_due_messages()  # the confirmation and waiting-list messages
    mail.outbox.clear()
    first = college.sessions[0]
    outcome = send_due_messages(now=the_day_before(first))
    assert outcome.sent == {MessageKind.REMINDER: 1}
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]  # not Sam, who is waiting
    assert (
        message.subject
        == f"Reminder: Understanding anxiety tomorrow at {uk_time(first.starts_at)}"
    )
    assert f"session 1 of 4 of Understanding anxiety is tomorrow, {uk_when(first.starts_at)}" in (
        message.body
    )
    assert (
        "Wisbech Recovery Hub" in message.body and "Parking: Town centre car park" in message.body
    )
    assert SentMessage.objects.get(kind=MessageKind.REMINDER).session == first
    # Later the same day, nothing more; two days before, nothing yet.
    assert send_due_messages(now=the_day_before(first) + timedelta(hours=10)).total == 0
    assert send_due_messages(now=the_day_before(first) - timedelta(days=1)).total == 0
    # The day before the second session, its own reminder.
    assert send_due_messages(now=the_day_before(college.sessions[1])).sent == {
        MessageKind.REMINDER: 1
    }


def test_cancelled_sessions_and_cancelled_runs_are_not_reminded(full_run, world):
    college = full_run
    send_due_messages()
    services.cancel_session(college.sessions[1], reason="The trainer is unwell", by=world.admin)
    mail.outbox.clear()
    assert (
        MessageKind.REMINDER not in send_due_messages(now=the_day_before(college.sessions[1])).sent
    )
    college.run.status = RunStatus.CANCELLED
    college.run.save()
    assert (
        MessageKind.REMINDER not in send_due_messages(now=the_day_before(college.sessions[2])).sent
    )
    assert not any(s.startswith("Reminder") for s in subjects())


def test_a_cancelled_session_is_told_to_students_with_a_place_and_those_waiting(full_run, world):
    college = full_run
    send_due_messages()
    mail.outbox.clear()
    session = services.cancel_session(
        college.sessions[2], reason="The venue is closed", by=world.admin
    )
    outcome = send_due_messages()
    assert outcome.sent == {MessageKind.SESSION_CANCELLED: 2}
    pat = next(m for m in mail.outbox if m.to == ["pat@example.com"])
    assert pat.subject == "A session of Understanding anxiety has been cancelled"
    assert f"Session 3, {uk_when(session.starts_at)} (The venue is closed)" in pat.body
    assert "You still have your place on the course" in pat.body
    sam = next(m for m in mail.outbox if m.to == ["sam.student@example.com"])
    assert "You are still on the waiting list" in sam.body
    assert send_due_messages().total == 0
    # A second cancellation is a new message; the first is not repeated.
    services.cancel_session(college.sessions[3], reason="Bank holiday", by=world.admin)
    mail.outbox.clear()
    assert send_due_messages().sent == {MessageKind.SESSION_CANCELLED: 2}
    assert "Session 4" in mail.outbox[0].body and "Session 3" not in mail.outbox[0].body


def test_cancelled_students_and_past_sessions_are_not_told(college, world):
    services.cancel_session(college.sessions[1], reason="Snow", by=world.admin)
    services.cancel_enrolment(college.pat_enrolment, by=world.pat_user)
    assert send_due_messages().total == 0
    # After the session's time has passed, a student enrolling then is not told of it.
    later = college.sessions[1].starts_at + timedelta(hours=3)
    Enrolment.objects.create(
        student=college.sam_student, run=college.run, status=EnrolmentStatus.CONFIRMED,
        requested_at=later, confirmed_at=later,
    )  # fmt: skip
    assert MessageKind.SESSION_CANCELLED not in send_due_messages(now=later).sent


def test_a_whole_run_cancelled_is_one_email_listing_its_sessions(full_run, world):
    college = full_run
    send_due_messages()
    mail.outbox.clear()
    college.run.status = RunStatus.CANCELLED
    college.run.save()
    outcome = send_due_messages()
    assert outcome.sent == {MessageKind.SESSION_CANCELLED: 2}
    pat = next(m for m in mail.outbox if m.to == ["pat@example.com"])
    assert pat.subject == "Understanding anxiety has been cancelled"
    for session in college.sessions:
        assert uk_when(session.starts_at) in pat.body
    # One record a session, so a session cancelled before the run is not told twice.
    assert SentMessage.objects.filter(kind=MessageKind.SESSION_CANCELLED).count() == 2 * 4
    assert send_due_messages().total == 0


def after_the_course(college) -> datetime:
    return college.sessions[-1].ends_at + timedelta(hours=1)


def test_feedback_is_asked_for_after_the_last_session(college):
    send_due_messages()
    mail.outbox.clear()
    assert send_due_messages(now=college.sessions[-1].starts_at).total == 0  # not yet
    outcome = send_due_messages(now=after_the_course(college))
    assert outcome.sent == {MessageKind.FEEDBACK_REQUEST: 1}
    (message,) = mail.outbox
    assert message.to == ["pat@example.com"]
    assert message.subject == "How was Understanding anxiety?"
    link = f"{settings.SITE_URL}{reverse('college:feedback', args=[college.pat_enrolment.pk])}"
    assert link in message.body
    assert send_due_messages(now=after_the_course(college) + timedelta(days=1)).total == 0


def test_feedback_is_not_asked_for_twice_nor_long_after(college, world):
    CourseFeedback.objects.create(
        enrolment=college.pat_enrolment, usefulness=5, would_recommend=Recommend.YES,
        submitted_at=timezone.now(),
    )  # fmt: skip
    assert (
        MessageKind.FEEDBACK_REQUEST not in send_due_messages(now=after_the_course(college)).sent
    )
    CourseFeedback.objects.all().delete()
    long_after = after_the_course(college) + timedelta(days=60)
    assert MessageKind.FEEDBACK_REQUEST not in send_due_messages(now=long_after).sent
    # The last session cancelled: feedback follows the last one that took place.
    services.cancel_session(college.sessions[-1], reason="Trainer unwell", by=world.admin)
    at = college.sessions[-2].ends_at + timedelta(hours=1)
    assert send_due_messages(now=at).sent[MessageKind.FEEDBACK_REQUEST] == 1


def test_the_command_twice_sends_nothing_twice_and_counts_who_has_no_email(full_run):
    nobody = Student.objects.create(
        full_name="Noel No-Email", student_type=StudentType.CARER, email=""
    )
    Enrolment.objects.create(
        student=nobody, run=full_run.other_run, status=EnrolmentStatus.CONFIRMED,
        requested_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip
    out = StringIO()
    call_command("send_college_messages", stdout=out)
    assert "Sent 2 College messages." in out.getvalue()
    assert "Place confirmed: 1" in out.getvalue()
    assert "Skipped 1 due to students with no email address." in out.getvalue()
    out = StringIO()
    call_command("send_college_messages", stdout=out)
    assert "Sent 0 College messages." in out.getvalue()
    assert len(mail.outbox) == 2
    # Given an address later, they are told.
    nobody.email = "noel@example.com"
    nobody.save()
    call_command("send_college_messages", stdout=StringIO())
    assert subjects("noel@example.com") == ["Your place on Understanding anxiety is confirmed"]


def test_a_message_already_recorded_is_not_sent(college):
    SentMessage.objects.create(
        kind=MessageKind.CONFIRMATION, enrolment=college.pat_enrolment, sent_at=timezone.now()
    )
    assert send_due_messages().total == 0 and mail.outbox == []


def enrol_many(run, count: int, start: int = 0):
    now = timezone.now()
    for n in range(start, start + count):
        student = make_student(f"Student {n}", f"student{n}@example.com")
        Enrolment.objects.create(
            student=student, run=run, status=EnrolmentStatus.CONFIRMED,
            requested_at=now, confirmed_at=now,
        )  # fmt: skip


def sending(now=None) -> tuple[int, int, int]:
    """Messages sent from scratch, and the SELECTs and INSERTs it took."""
    SentMessage.objects.all().delete()
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as captured:
        outcome = send_due_messages(now=now)
    sql = [q["sql"] for q in captured.captured_queries]
    selects = sum(s.startswith("SELECT") for s in sql)
    return outcome.total, selects, sum(s.startswith("INSERT") for s in sql)


@pytest.mark.parametrize("when", ["now", "the day before", "after the course"])
def test_reads_do_not_grow_with_the_number_of_messages(college, world, when):
    college.run.capacity = 40
    college.run.save()
    services.cancel_session(college.sessions[1], reason="Snow", by=world.admin)
    now = {
        "now": None,
        "the day before": the_day_before(college.sessions[0]),
        "after the course": after_the_course(college),
    }[when]
    enrol_many(college.run, 2)
    enrol_many(college.other_run, 1, start=50)
    few, reads_few, writes_few = sending(now)
    enrol_many(college.run, 10, start=100)
    enrol_many(college.other_run, 5, start=200)
    more, reads_more, writes_more = sending(now)
    assert more > few > 0
    assert reads_more == reads_few
    # One INSERT an email: its records, in the same transaction as the send.
    assert (writes_few, writes_more) == (few, more)


# Through GOV.UK Notify -----------------------------------------------------------------


class RecordingNotifyClient:
    """Stands in for GOV.UK Notify's API client, as in core's tests."""

    def __init__(self, *args, fail: bool = False, **kwargs):
        self.sent: list[dict] = []
        self.fail = fail

    def send_email_notification(self, **kwargs):
        if self.fail:
            raise RuntimeError("Notify refused the request")
        self.sent.append(kwargs)
        return {"id": "notification-id"}


@pytest.fixture
def notify(settings, monkeypatch):
    settings.EMAIL_BACKEND = "recoveryhub.core.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-123"
    clients = []

    def make(*args, **kwargs):
        clients.append(RecordingNotifyClient(fail=getattr(make, "fail", False)))
        return clients[-1]

    monkeypatch.setattr("recoveryhub.core.notify.NotificationsAPIClient", make)
    make.clients = clients
    return make


def test_messages_go_through_gov_uk_notify(college, notify):
    call_command("send_college_messages", stdout=StringIO())
    (client,) = notify.clients
    (sent,) = client.sent
    assert sent["email_address"] == "pat@example.com"
    assert sent["template_id"] == "template-123"
    assert sent["personalisation"]["subject"] == "Your place on Understanding anxiety is confirmed"
    assert sent["personalisation"]["body"].startswith("Hello Pat,")
    assert SentMessage.objects.filter(kind=MessageKind.CONFIRMATION).count() == 1


def test_a_message_notify_refuses_is_not_recorded_and_goes_next_time(college, notify, caplog):
    notify.fail = True
    err = StringIO()
    call_command("send_college_messages", stdout=StringIO(), stderr=err)
    assert "1 could not be sent" in err.getvalue()
    assert not SentMessage.objects.exists()
    assert "pat@example.com" not in caplog.text and "Hello Pat" not in caplog.text
    notify.fail = False
    call_command("send_college_messages", stdout=StringIO())
    assert len(notify.clients[-1].sent) == 1
    assert SentMessage.objects.count() == 1
