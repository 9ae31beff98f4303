"""The College's rules as college staff meet them (issue 5's "Must show"): co-production,
capacity changes, cancelled sessions and bad input each give a clear error and write
nothing; none of them is ever a server error."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college import services
from recoveryhub.core.testing import assert_good_page, read_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, sign_in, world, college):
    return sign_in(client, world.college_staff)


@pytest.fixture
def draft(college):
    """A new draft run of the four-session course, no trainers or sessions yet."""
    return m.CourseRun.objects.create(course=college.course, term=college.term, capacity=10)


def url(name, *args):
    return reverse(f"college:{name}", args=args)


def snapshot():
    """Everything these pages could write, to show a refused change wrote nothing."""
    return {
        "runs": list(m.CourseRun.objects.values_list("pk", "status", "capacity")),
        "trainers": list(m.RunTrainer.objects.values_list("run", "trainer")),
        "sessions": list(
            m.Session.objects.values_list("pk", "starts_at", "cancelled_at", "cancelled_reason")
        ),
        "enrolments": list(m.Enrolment.objects.values_list("pk", "status", "confirmed_at")),
    }


def refused(response, message: str, link: str | None = None) -> None:
    """An NHS error page: 'Error: ' title, the message in the summary, linked to its field."""
    page = assert_good_page(response)
    assert page.title.startswith("Error: "), page.title
    assert message in response.content.decode()
    if link is not None:
        assert link in page.error_summary_links, page.error_summary_links


def session_data(day, starts="10:00", ends="12:00", venue=None, **change):
    return {"date_0": day.day, "date_1": day.month, "date_2": day.year, "starts": starts,
            "ends": ends, "venue": venue, **change}  # fmt: skip


def add_sessions(run, college, count, start):
    for n in range(count):
        at = start + timedelta(weeks=n)
        services.add_session(
            run, starts_at=at, ends_at=at + timedelta(hours=2), venue=college.online, by=None
        )


# Co-production --------------------------------------------------------------------------


def test_publishing_without_a_peer_trainer_is_refused(staff, college, draft):
    services.add_trainer(draft, college.practitioner, by=None)
    add_sessions(draft, college, 4, timezone.now() + timedelta(days=40))
    before = snapshot()
    response = staff.post(url("manage_run_publish", draft.pk))
    refused(response, "Add a peer trainer with lived experience before publishing",
            "#publish-problems")  # fmt: skip
    assert snapshot() == before


def test_publishing_without_a_practitioner_or_sessions_shows_every_problem(staff, college, draft):
    services.add_trainer(draft, college.peer, by=None)
    add_sessions(draft, college, 2, timezone.now() + timedelta(days=40))
    before = snapshot()
    response = staff.post(url("manage_run_publish", draft.pk))
    refused(response, "Add a practitioner trainer before publishing")
    refused(response, "Add all 4 sessions before publishing (2 so far)")
    summary = read_page(response.content.decode()).error_summary_links
    assert summary == ["#publish-problems", "#publish-problems"]
    assert snapshot() == before


def test_a_co_produced_run_with_all_its_sessions_is_published(staff, college, draft):
    services.add_trainer(draft, college.peer, by=None)
    add_sessions(draft, college, 4, timezone.now() + timedelta(days=40))
    page = staff.get(url("manage_run_publish", draft.pk))
    assert "Add a practitioner trainer before publishing" in page.content.decode()
    services.add_trainer(draft, college.practitioner, by=None)
    assert "ready to publish" in staff.get(url("manage_run_publish", draft.pk)).content.decode()
    response = staff.post(url("manage_run_publish", draft.pk))
    assert response["Location"] == url("manage_run", draft.pk)
    draft.refresh_from_db()
    assert draft.status == m.RunStatus.PUBLISHED


# Capacity --------------------------------------------------------------------------------


def _waiting(run, names):
    start = timezone.now() - timedelta(hours=1)
    return [
        m.Enrolment.objects.create(
            student=m.Student.objects.create(full_name=name, student_type="public"),
            run=run,
            status=m.EnrolmentStatus.WAITING,
            requested_at=start + timedelta(minutes=n),
        )  # fmt: skip
        for n, name in enumerate(names)
    ]


def test_fewer_places_than_confirmed_is_refused(staff, college):
    services.change_capacity(college.run, 1, by=None)
    _waiting(college.run, ["Wendy"])
    before = snapshot()
    response = staff.post(url("manage_run_capacity", college.run.pk), {"capacity": "0"})
    refused(response, "Places must be 1 or more", "#id_capacity")
    m.Enrolment.objects.create(
        student=college.sam_student, run=college.run, status="confirmed",
        requested_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip
    before = snapshot()
    response = staff.post(url("manage_run_capacity", college.run.pk), {"capacity": "1"})
    refused(response, "2 students already have a place: places cannot be fewer than that",
            "#id_capacity")  # fmt: skip
    assert snapshot() == before


@pytest.mark.parametrize("capacity", ["-3", "0", "", "two", "1.5", "501"])
def test_nonsense_places_are_refused(staff, college, capacity):
    before = snapshot()
    response = staff.post(url("manage_run_capacity", college.run.pk), {"capacity": capacity})
    page = assert_good_page(response)
    assert page.error_summary_links == ["#id_capacity"]
    assert snapshot() == before


def test_more_places_promote_the_waiting_list_in_order(staff, college):
    services.change_capacity(college.run, 1, by=None)
    first, second, third = _waiting(college.run, ["Wendy First", "Walter Second", "Tina Third"])
    response = staff.post(url("manage_run_capacity", college.run.pk), {"capacity": "3"})
    assert response.status_code == 302
    body = staff.get(response["Location"]).content.decode()
    assert "Given a place from the waiting list: Wendy First, Walter Second" in body
    statuses = {e.student.full_name: e.status for e in m.Enrolment.objects.filter(run=college.run)}
    assert statuses == {"Patricia Jones": "confirmed", "Wendy First": "confirmed",
                        "Walter Second": "confirmed", "Tina Third": "waiting"}  # fmt: skip
    assert services.waiting_position(third) == 1


# Cancelled sessions ----------------------------------------------------------------------


def test_cancel_a_session(staff, college):
    session = college.sessions[1]
    response = staff.post(url("manage_session_cancel", session.pk), {"reason": "Snow"})
    assert response["Location"] == url("manage_run", college.run.pk)
    session.refresh_from_db()
    assert (session.cancelled_reason, session.is_cancelled) == ("Snow", True)
    assert "Cancelled: Snow" in staff.get(url("manage_run", college.run.pk)).content.decode()


def test_cancelling_a_session_twice_is_refused(staff, college):
    session = college.sessions[1]
    services.cancel_session(session, reason="Snow", by=None)
    before = snapshot()
    response = staff.post(url("manage_session_cancel", session.pk), {"reason": "Rain"})
    refused(response, "This session is already cancelled.", "#id_reason")
    assert snapshot() == before


def test_cancelling_a_session_in_the_past_is_refused(staff, college):
    session = college.sessions[0]
    past = timezone.now() - timedelta(days=1)
    m.Session.objects.filter(pk=session.pk).update(starts_at=past, ends_at=past + timedelta(1))
    before = snapshot()
    response = staff.post(url("manage_session_cancel", session.pk), {"reason": "Oops"})
    refused(response, "This session has already started, so it cannot be cancelled.")
    assert snapshot() == before


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_cancelling_a_session_needs_a_short_reason(staff, college, reason):
    before = snapshot()
    response = staff.post(url("manage_session_cancel", college.sessions[1].pk), {"reason": reason})
    refused(response, "Enter why it is cancelled" if len(reason) < 300 else "300 characters",
            "#id_reason")  # fmt: skip
    assert snapshot() == before


def test_the_service_also_refuses_a_session_cancelled_without_a_reason(college):
    with pytest.raises(services.ValidationError):
        services.cancel_session(college.sessions[1], reason=" ", by=None)
    college.sessions[1].refresh_from_db()
    assert not college.sessions[1].is_cancelled


# Adding sessions: bad input ------------------------------------------------------------


def test_add_a_session(staff, college, draft):
    day = timezone.localdate() + timedelta(days=20)
    response = staff.post(url("manage_run_session_add", draft.pk),
                          session_data(day, "9.30", "11:00", college.wisbech.pk))  # fmt: skip
    assert response.status_code == 302
    session = draft.sessions.get()
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "09:30"
    assert (session.number, session.venue) == (1, college.wisbech)
    draft.refresh_from_db()
    assert draft.first_session_at == session.starts_at


@pytest.mark.parametrize(
    ("data", "message", "link"),
    [
        (lambda c, d: session_data(timezone.localdate() - timedelta(1), venue=c.online.pk),
         "Date must be today or in the future", "#id_date_0"),
        (lambda c, d: session_data(d, "12:00", "10:00", c.online.pk),
         "End time must be after the start time", "#id_ends"),
        (lambda c, d: session_data(d, "10:00", "10:00", c.online.pk),
         "End time must be after the start time", "#id_ends"),
        (lambda c, d: session_data(c.term.ends_on + timedelta(1), venue=c.online.pk),
         "Date must be within Spring 2027", "#id_date_0"),
        (lambda c, d: session_data(d, "25:00", venue=c.online.pk),
         "Start time must be a time like 14:30", "#id_starts"),
        (lambda c, d: session_data(d, "", venue=c.online.pk), "Enter start time", "#id_starts"),
        (lambda c, d: session_data(d, venue=""), "Select a venue", "#id_venue"),
        (lambda c, d: session_data(d, venue=c.online.pk, date_1="13"),
         "Date must be a real date", "#id_date_0"),
    ],
)  # fmt: skip
def test_bad_sessions_are_refused_and_nothing_is_written(staff, college, draft, data, message,
                                                          link):  # fmt: skip
    before = snapshot()
    day = timezone.localdate() + timedelta(days=20)
    response = staff.post(url("manage_run_session_add", draft.pk), data(college, day))
    refused(response, message, link)
    assert snapshot() == before


def test_a_session_starting_earlier_today_is_refused(staff, college, draft):
    now = timezone.localtime()
    if now.hour == 0:
        pytest.skip("no earlier time today just after midnight")
    data = session_data(now.date(), "00:00", "00:30", college.online.pk)
    before = snapshot()
    refused(staff.post(url("manage_run_session_add", draft.pk), data),
            "Start time must be in the future", "#id_starts")  # fmt: skip
    assert snapshot() == before


def test_a_trainer_double_booked_by_a_new_session_is_refused(staff, college):
    # Petra teaches both runs: a session of the other run at the same time as one of hers.
    taken = timezone.localtime(college.sessions[0].starts_at)
    data = session_data(taken.date(), "10:30", "11:30", college.online.pk)
    before = snapshot()
    response = staff.post(url("manage_run_session_add", college.other_run.pk), data)
    refused(response, "A trainer on this course is teaching Understanding anxiety then",
            "#id_date_0")  # fmt: skip
    assert snapshot() == before


def test_the_service_refuses_past_sessions_and_end_before_start(college, draft):
    before = snapshot()
    now = timezone.now()
    with pytest.raises(services.ValidationError) as error:
        services.add_session(draft, starts_at=now - timedelta(hours=1), ends_at=now,
                             venue=college.online, by=None)  # fmt: skip
    assert error.value.message_dict == {"starts_at": ["The session must start in the future"]}
    later = now + timedelta(days=3)
    with pytest.raises(services.ValidationError) as error:
        services.add_session(draft, starts_at=later, ends_at=later - timedelta(hours=1),
                             venue=college.online, by=None)  # fmt: skip
    assert error.value.message_dict == {"ends_at": ["The session must end after it starts"]}
    assert snapshot() == before


# Adding trainers ------------------------------------------------------------------------


def test_add_a_trainer(staff, college, draft):
    response = staff.post(url("manage_run_trainer_add", draft.pk),
                          {"trainer": college.practitioner.pk})  # fmt: skip
    assert response.status_code == 302
    assert list(draft.trainers.all()) == [college.practitioner]
    # The confirmation shows on the page the change belongs to, so not on the next one.
    assert "Tariq Trainer" in staff.get(response.url).content.decode()
    # The list offers only trainers not already on the run.
    page = staff.get(url("manage_run_trainer_add", draft.pk)).content.decode()
    assert "Tariq Trainer" not in page and "Petra Peer-Trainer" in page


def test_a_trainer_double_booked_when_added_is_refused(staff, college, draft):
    # The draft's session is at the same time as Tariq's first session on college.run.
    first = college.sessions[0]
    services.add_session(draft, starts_at=first.starts_at + timedelta(minutes=30),
                         ends_at=first.ends_at + timedelta(hours=1), venue=college.online,
                         by=None)  # fmt: skip
    before = snapshot()
    response = staff.post(url("manage_run_trainer_add", draft.pk),
                          {"trainer": college.practitioner.pk})  # fmt: skip
    refused(response, "Tariq Trainer is teaching Understanding anxiety at the same time",
            "#id_trainer")  # fmt: skip
    assert snapshot() == before


def test_a_trainer_already_on_the_run_or_unknown_is_refused(staff, college):
    before = snapshot()
    for trainer in [college.practitioner.pk, 999999, "", "x"]:
        response = staff.post(url("manage_run_trainer_add", college.run.pk), {"trainer": trainer})
        refused(response, "Select a trainer", "#id_trainer")
    assert snapshot() == before
