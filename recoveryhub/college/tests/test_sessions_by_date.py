"""Sessions numbered by date everywhere, a course's session count kept, the run page's
readiness panel, and the paper prospectus's routes to enrol without the internet."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from recoveryhub.college import models as m
from recoveryhub.college import services
from recoveryhub.college.tests.test_prospectus_files import pdf_text, term_pdf
from recoveryhub.college.tests.test_rules import refused, session_data, snapshot

pytestmark = pytest.mark.django_db


def draft_run(college):
    return m.CourseRun.objects.create(course=college.course, term=college.term, capacity=10)


def at(days: int):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


def add(run, days: int, by):
    starts = at(days)
    return services.add_session(
        run, starts_at=starts, ends_at=starts + timedelta(hours=2), venue=run_venue(run), by=by
    )


def run_venue(run):
    return m.Venue.objects.get(name="Wisbech Recovery Hub")


def test_sessions_typed_out_of_order_are_numbered_by_date(world, college):
    run = draft_run(college)
    for days in (30, 10, 20):
        add(run, days, world.college_staff)
    got = list(run.sessions.order_by("starts_at").values_list("number", flat=True))
    assert got == [1, 2, 3]


def test_the_date_order_reaches_the_public_page_pdf_ics_and_staff_page(
    client, sign_in, world, college
):
    run = draft_run(college)
    for days in (30, 10, 20, 40):
        add(run, days, world.college_staff)
    m.CourseRun.objects.filter(pk=run.pk).update(status=m.RunStatus.PUBLISHED)
    first = timezone.localtime(at(10))
    second = timezone.localtime(at(20))
    # The printed prospectus.
    text = pdf_text(term_pdf(client))
    assert f"1. {first:%A} {first.day} {first:%B %Y}" in text
    assert f"2. {second:%A} {second.day} {second:%B %Y}" in text
    # The public page lists session 1 first, on the first date.
    body = client.get(reverse("college:run", args=[run.pk])).content.decode()
    assert body.index(f"{first.day} {first:%B %Y}") < body.index(f"{second.day} {second:%B %Y}")
    # The calendar file: session 1 of 4 is the earliest.
    ics = Calendar.from_ical(client.get(reverse("college:run_calendar", args=[run.pk])).content)
    events = {str(e["summary"]): e.decoded("dtstart") for e in ics.walk("VEVENT")}
    assert events["Understanding anxiety: session 1 of 4"] == at(10)
    assert events["Understanding anxiety: session 4 of 4"] == at(40)
    # The staff page.
    sign_in(client, world.college_staff)
    staff = client.get(reverse("college:manage_run", args=[run.pk])).content.decode()
    assert staff.index(f"{first.day} {first:%B %Y}") < staff.index(f"{second.day} {second:%B %Y}")


def test_a_fifth_session_on_a_four_session_course_is_refused(world, college):
    run = draft_run(college)
    for days in (10, 20, 30, 40):
        add(run, days, world.college_staff)
    with pytest.raises(ValidationError, match="This course has 4 sessions"):
        add(run, 50, world.college_staff)
    assert run.sessions.count() == 4


def test_a_cancelled_session_can_be_replaced(world, college):
    run = draft_run(college)
    sessions = [add(run, days, world.college_staff) for days in (10, 20, 30, 40)]
    services.cancel_session(sessions[1], reason="Trainer unwell", by=world.college_staff)
    add(run, 50, world.college_staff)
    assert run.sessions.filter(cancelled_at__isnull=True).count() == 4


def test_the_add_session_page_says_when_the_run_has_all_its_sessions(
    client, sign_in, world, college
):
    run = draft_run(college)
    for days in (10, 20, 30, 40):
        add(run, days, world.college_staff)
    sign_in(client, world.college_staff)
    url = reverse("college:manage_run_session_add", args=[run.pk])
    before = snapshot()
    response = client.post(
        url, session_data(timezone.localdate() + timedelta(50), venue=run_venue(run).pk)
    )
    refused(response, "This course has 4 sessions")
    assert snapshot() == before
    assert "This course has 4 sessions" in response.content.decode()
    assert run.sessions.count() == 4
    # The run page no longer offers to add one.
    page = client.get(reverse("college:manage_run", args=[run.pk])).content.decode()
    assert url not in page


def test_the_before_it_can_go_ahead_panel_lists_what_is_missing(client, sign_in, world, college):
    run = draft_run(college)
    sign_in(client, world.college_staff)
    response = client.get(reverse("college:manage_run", args=[run.pk]))
    body = response.content.decode()
    assert "Before this course run can go ahead" in body
    panel = body[body.index("Before this course run can go ahead") :]
    panel = panel[: panel.index("</div>")]
    assert "<li>" in panel and "peer trainer" in panel


def test_the_paper_prospectus_gives_phone_email_and_post_routes(client, college):
    text = pdf_text(term_pdf(client))
    assert "Phone:" in text and "Email:" in text and "Post:" in text


@override_settings(
    COLLEGE_PHONE="01480 123 456",
    COLLEGE_EMAIL="college@example.nhs.uk",
    COLLEGE_ADDRESS="Recovery College East, 1 Hub Road, Huntingdon, PE29 1AA",
)
def test_the_paper_prospectus_uses_the_colleges_own_details(client, college):
    text = pdf_text(term_pdf(client))
    assert "01480 123 456" in text
    assert "college@example.nhs.uk" in text
    assert "1 Hub Road, Huntingdon, PE29 1AA" in text


def test_the_migration_renumbers_sessions_saved_in_typed_order(college):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("recoveryhub.college.migrations.0004_number_sessions_by_date")
    first, second, third, fourth = college.sessions
    # As the old code saved them: numbered in the order they were typed.
    for session, number in ((first, 13), (second, 11), (third, 12), (fourth, 14)):
        m.Session.objects.filter(pk=session.pk).update(number=number)
    migration.number_by_date(apps, None)
    got = list(college.run.sessions.order_by("starts_at").values_list("number", flat=True))
    assert got == [1, 2, 3, 4]
