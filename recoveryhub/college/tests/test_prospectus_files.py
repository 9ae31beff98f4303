"""The printable prospectus (PDF, read back with pypdf) and a run's calendar (.ics, icalendar)."""

from datetime import UTC, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from recoveryhub.college import models as m
from recoveryhub.college.tests.test_prospectus import add_run, fill

# The printed prospectus -----------------------------------------------------------------


def pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())  # lines wrap anywhere: compare with spaces collapsed


def term_pdf(client, slug="spring-2027"):
    return client.get(reverse("college:term_prospectus", args=[slug]))


@pytest.mark.django_db
def test_the_term_prospectus_opens_and_says_what_it_should(client, college):
    carers = m.CurriculumArea.objects.create(name="Carers", slug="carers")
    add_run(college, "Caring for yourself too", area=carers, venues=[college.online])
    add_run(college, "A draft nobody sees", status=m.RunStatus.DRAFT)
    add_run(college, "A cancelled course", status=m.RunStatus.CANCELLED)
    m.CourseRun.objects.filter(pk=college.other_run.pk).update(capacity=1)
    fill(college.other_run, confirmed=1)
    response = term_pdf(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "recovery-college-prospectus-spring-2027.pdf" in response["Content-Disposition"]
    reader = PdfReader(BytesIO(response.content))
    assert reader.metadata.title == "Recovery College East prospectus: Spring 2027"
    text = pdf_text(response)
    term = college.term
    assert "Recovery College East prospectus: Spring 2027" in text
    assert f"Spring 2027: {term.starts_on.day} {term.starts_on:%B %Y} to " in text
    assert "How to enrol" in text and "http://testserver/college/" in text
    assert "Enrol on this course" in text and "waiting list" in text
    # Grouped by curriculum area, in alphabetical order.
    assert text.index("Carers") < text.index("Caring for yourself too")
    assert text.index("Caring for yourself too") < text.index("Living well and self-management")
    assert text.index("Living well and self-management") < text.index("Understanding anxiety")
    assert "What anxiety is, and ways to live well with it." in text
    assert "Who it is for: Everyone" in text
    assert "Sessions: 4 sessions of 2 hours each" in text
    first = timezone.localtime(college.sessions[0].starts_at)
    assert f"1. {first:%A} {first.day} {first:%B %Y}" in text
    assert "Where: Wisbech Recovery Hub, 1 Market Place, Wisbech, PE13 1AB" in text
    assert "Step-free access. Hearing loop. No accessible toilet." in text
    assert "Buses: X1, 46" in text
    assert "Where: Online" in text
    assert "Places: 9 places left" in text  # Pat has one of ten
    assert "Places: Full - join the waiting list" in text  # the other run, now one place
    assert "Co-produced: taught together by a peer trainer" in text
    assert "A draft nobody sees" not in text and "A cancelled course" not in text
    assert "Patricia" not in text


@pytest.mark.django_db
def test_a_term_with_no_courses_says_so(client, college):
    today = timezone.localdate()
    m.Term.objects.create(
        name="Winter 2028", slug="winter-2028", starts_on=today + timedelta(300),
        ends_on=today + timedelta(380),
    )  # fmt: skip
    text = pdf_text(term_pdf(client, "winter-2028"))
    assert "Recovery College East prospectus: Winter 2028" in text
    assert "No courses are published for this term yet." in text


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["no-such-term", "SPRING-2027", "spring-2027x"])
def test_unknown_terms_are_not_found(client, college, slug):
    assert term_pdf(client, slug).status_code == 404


@pytest.mark.django_db
def test_the_printed_prospectus_queries_do_not_grow(client, college):
    with CaptureQueriesContext(connection) as few:
        term_pdf(client)
    for n in range(15):
        fill(add_run(college, f"Course {n}", venues=[college.wisbech, college.online]), 2, 1)
    with CaptureQueriesContext(connection) as many:
        assert "Course 14" in pdf_text(term_pdf(client))
    assert len(many) == len(few)


@pytest.mark.django_db
def test_names_in_other_alphabets_print(client, college):
    m.Course.objects.filter(pk=college.course.pk).update(title="Łukasz's course: Тревога")
    assert "Łukasz's course: Тревога" in pdf_text(term_pdf(client))


# The calendar ---------------------------------------------------------------------------


def calendar(client, run):
    response = client.get(reverse("college:run_calendar", args=[run.pk]))
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


@pytest.mark.django_db
def test_the_calendar_has_one_event_a_session(client, college):
    response, cal = calendar(client, college.run)
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == (
        'attachment; filename="understanding-anxiety-spring-2027.ics"'
    )
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    assert len(events) == 4
    for session, event in zip(college.sessions, events, strict=True):
        assert str(event["UID"]) == f"session-{session.pk}@recoveryhub"
        assert event.decoded("DTSTART") == session.starts_at.astimezone(UTC)
        assert event.decoded("DTEND") == session.ends_at.astimezone(UTC)
        assert event.decoded("DTSTART").tzinfo is not None
        assert str(event["SUMMARY"]) == f"Understanding anxiety: session {session.number} of 4"
        assert str(event["LOCATION"]) == (
            "Wisbech Recovery Hub, 1 Market Place, Wisbech, PE13 1AB"
        )
        assert "What anxiety is" in str(event["DESCRIPTION"])
        assert str(event["STATUS"]) == "CONFIRMED"


@pytest.mark.django_db
def test_uids_are_stable_between_downloads(client, college):
    _r, first = calendar(client, college.run)
    _r, again = calendar(client, college.run)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in again.walk("VEVENT")
    ]


@pytest.mark.django_db
def test_cancelled_sessions_are_sent_as_cancelled(client, college):
    cancelled = college.sessions[2]
    m.Session.objects.filter(pk=cancelled.pk).update(
        cancelled_at=timezone.now(), cancelled_reason="Snow"
    )
    _r, cal = calendar(client, college.run)
    status = {str(e["UID"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert status.pop(f"session-{cancelled.pk}@recoveryhub") == "CANCELLED"
    assert set(status.values()) == {"CONFIRMED"}
    event = next(e for e in cal.walk("VEVENT") if str(e["STATUS"]) == "CANCELLED")
    assert "Snow" in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_online_sessions_say_online(client, college):
    run = add_run(college, "Online course", venues=[college.online], weeks=2)
    _r, cal = calendar(client, run)
    assert [str(e["LOCATION"]) for e in cal.walk("VEVENT")] == ["Online", "Online"]


@pytest.mark.django_db
def test_a_cancelled_run_cancels_every_event(client, college):
    m.CourseRun.objects.filter(pk=college.other_run.pk).update(status=m.RunStatus.CANCELLED)
    _r, cal = calendar(client, college.other_run)
    assert {str(e["STATUS"]) for e in cal.walk("VEVENT")} == {"CANCELLED"}
