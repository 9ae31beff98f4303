"""The public prospectus: finding courses with filters, and each run's page.

Anyone may look without signing in; drafts stay hidden (but for College staff),
cancelled runs are not listed, and the number of queries does not grow with runs.
"""

import html
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from recoveryhub.college import models as m
from recoveryhub.core.testing import assert_good_page, read_page
from recoveryhub.people.models import Locality

LONDON = ZoneInfo("Europe/London")
PROSPECTUS = "/college/"


def next_weekday(weekday: int, *, after_days: int = 8) -> date:
    """The first date with that weekday (Monday is 0) at least after_days from today."""
    base = timezone.localdate() + timedelta(days=after_days)
    return base + timedelta(days=(weekday - base.weekday()) % 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def add_run(
    college,
    title: str,
    *,
    area=None,
    venues=None,
    start: datetime | None = None,
    weeks: int = 4,
    capacity: int = 10,
    status=m.RunStatus.PUBLISHED,
    audience=m.Audience.EVERYONE,
    term=None,
    coproduced: bool = True,
):
    """A run of a new course with weekly sessions; venues are used in turn, session by session."""
    course = m.Course.objects.create(
        title=title, slug=slugify(title), area=area or college.area,
        summary=f"All about {title.lower()}.", learning_outcomes=f"Learn {title}\nPractise it",
        session_count=weeks, session_minutes=90, audience=audience,
    )  # fmt: skip
    start = start or at(next_weekday(0), 10)
    run = m.CourseRun.objects.create(
        course=course, term=term or college.term, capacity=capacity, status=status,
        first_session_at=start,
        last_session_ends_at=start + timedelta(weeks=weeks - 1, minutes=90),
    )  # fmt: skip
    for trainer in [college.peer, college.practitioner] if coproduced else [college.practitioner]:
        m.RunTrainer.objects.create(run=run, trainer=trainer)
    venues = venues or [college.wisbech]
    for n in range(weeks):
        m.Session.objects.create(
            run=run, number=n + 1, starts_at=start + timedelta(weeks=n),
            ends_at=start + timedelta(weeks=n, minutes=90), venue=venues[n % len(venues)],
        )  # fmt: skip
    return run


def fill(run, confirmed: int = 0, waiting: int = 0, cancelled: int = 0) -> None:
    now = timezone.now()
    for status, count in [
        (m.EnrolmentStatus.CONFIRMED, confirmed),
        (m.EnrolmentStatus.WAITING, waiting),
        (m.EnrolmentStatus.CANCELLED, cancelled),
    ]:
        for n in range(count):
            student = m.Student.objects.create(
                full_name=f"Student {status} {n} {run.pk}", student_type=m.StudentType.PUBLIC
            )
            m.Enrolment.objects.create(
                student=student, run=run, status=status, requested_at=now + timedelta(seconds=n)
            )


def cards(response) -> dict[str, str]:
    """Each result's title and its text (tags removed, spaces collapsed), in page order."""
    body = response.content.decode()
    found = {}
    for chunk in body.split('<li class="nhsuk-card">')[1:]:
        chunk = chunk.split("</li>")[0]
        title = re.search(r'<h3 class="nhsuk-card__heading[^"]*"><a [^>]*>([^<]+)</a>', chunk)
        found[html.unescape(title.group(1))] = " ".join(
            html.unescape(re.sub(r"<[^>]+>", " ", chunk)).split()
        )
    return found


def titles(response) -> list[str]:
    return list(cards(response))


@pytest.fixture
def catalogue(college):
    """Runs that differ in one way each. The fixture's own runs are drafts here."""
    m.CourseRun.objects.filter(pk__in=[college.run.pk, college.other_run.pk]).update(
        status=m.RunStatus.DRAFT
    )
    carers = m.CurriculumArea.objects.create(name="Carers", slug="carers")
    physical = m.CurriculumArea.objects.create(
        name="Physical health and long-term conditions", slug="physical-health"
    )
    cambridge = Locality.objects.create(name="Cambridge", slug="cambridge")
    city = m.Venue.objects.create(
        name="Cambridge Recovery College", kind=m.VenueKind.BASE, locality=cambridge,
        address="Cambridge", accessible_toilet=True,
    )  # fmt: skip
    today = timezone.localdate()
    summer = m.Term.objects.create(
        name="Summer 2027", slug="summer-2027", starts_on=today + timedelta(130),
        ends_on=today + timedelta(220),
    )  # fmt: skip
    ended = m.Term.objects.create(
        name="Autumn 2025", slug="autumn-2025", starts_on=today - timedelta(400),
        ends_on=today - timedelta(300),
    )  # fmt: skip
    return {
        "Mindfulness basics": add_run(
            college, "Mindfulness basics", start=at(next_weekday(0), 10)
        ),
        "Carers together": add_run(
            college,
            "Carers together",
            area=carers,
            venues=[college.online],
            start=at(next_weekday(2), 18, 30),
            audience=m.Audience.CARERS,
        ),
        "Healthy sleep": add_run(
            college,
            "Healthy sleep",
            area=physical,
            venues=[city],
            start=at(next_weekday(1, after_days=140), 14),
            audience=m.Audience.STAFF,
            term=summer,
        ),
        "Walk and talk": add_run(
            college,
            "Walk and talk",
            venues=[college.wisbech, college.online],
            start=at(next_weekday(4), 18),
        ),
        "Draft course": add_run(college, "Draft course", status=m.RunStatus.DRAFT),
        "Cancelled course": add_run(college, "Cancelled course", status=m.RunStatus.CANCELLED),
        "Course that ended": add_run(
            college, "Course that ended", start=timezone.now() - timedelta(weeks=6)
        ),
        "Last year's course": add_run(
            college, "Last year's course", term=ended, start=at(next_weekday(0), 10)
        ),
    }


LISTED = {"Mindfulness basics", "Carers together", "Healthy sleep", "Walk and talk"}


# Browsing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_can_browse_without_signing_in(client, catalogue):
    response = client.get(PROSPECTUS)
    facts = assert_good_page(response)
    assert facts.h1s == ["Find a Recovery College course"]
    assert set(titles(response)) == LISTED
    body = response.content.decode()
    assert "4 courses match" in body
    for run in (catalogue[title] for title in LISTED):
        assert reverse("college:run", args=[run.pk]) in facts.links


@pytest.mark.django_db
def test_drafts_cancelled_and_finished_runs_are_never_listed(client, catalogue):
    body = client.get(PROSPECTUS).content.decode()
    for hidden in ["Draft course", "Cancelled course", "Course that ended", "Last year"]:
        assert hidden not in body
    # Not even when a filter would match them.
    response = client.get(PROSPECTUS, {"area": "living-well", "day": "monday"})
    assert "Draft course" not in response.content.decode()
    assert set(titles(response)) == {"Mindfulness basics"}


@pytest.mark.django_db
def test_each_result_says_what_where_when_and_places(client, catalogue):
    fill(catalogue["Mindfulness basics"], confirmed=3, cancelled=2)
    found = cards(client.get(PROSPECTUS))
    card = found["Mindfulness basics"]
    assert "Subject Living well and self-management" in card
    assert "Term Spring 2027" in card
    assert re.search(r"First session Monday \d+ \w+ \d{4}, 10am to 11:30am", card)
    assert "Where Wisbech Recovery Hub, Fenland" in card
    assert "Who it is for Everyone" in card
    assert "Places 7 places left" in card
    assert "Co-produced by a peer trainer with lived experience" in card
    assert "Where Wisbech Recovery Hub, Fenland and Online" in found["Walk and talk"]
    assert "Where Online" in found["Carers together"]
    assert "Who it is for Carers" in found["Carers together"]


@pytest.mark.django_db
def test_full_and_waiting_list_runs_say_so(client, college, catalogue):
    full = add_run(college, "Full one", capacity=2)
    waiting = add_run(college, "Waiting one", capacity=2)
    fill(full, confirmed=2)
    fill(waiting, confirmed=2, waiting=3)
    found = cards(client.get(PROSPECTUS))
    assert "Places Full - join the waiting list" in found["Full one"]
    assert "Places Waiting list (3 waiting)" in found["Waiting one"]
    assert "Places 10 places left" in found["Mindfulness basics"]


# Filters --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, LISTED),
        ({"term": "spring-2027"}, LISTED - {"Healthy sleep"}),
        ({"term": "summer-2027"}, {"Healthy sleep"}),
        ({"term": ["spring-2027", "summer-2027"]}, LISTED),
        ({"area": "carers"}, {"Carers together"}),
        ({"area": ["carers", "physical-health"]}, {"Carers together", "Healthy sleep"}),
        ({"locality": "fenland"}, {"Mindfulness basics", "Walk and talk"}),
        ({"locality": "cambridge"}, {"Healthy sleep"}),
        ({"mode": "online"}, {"Carers together", "Walk and talk"}),
        ({"mode": "in_person"}, {"Mindfulness basics", "Healthy sleep", "Walk and talk"}),
        ({"mode": "any"}, LISTED),
        ({"day": "monday"}, {"Mindfulness basics"}),
        ({"day": ["wednesday", "friday"]}, {"Carers together", "Walk and talk"}),
        ({"day": "sunday"}, set()),
        ({"time": "morning"}, {"Mindfulness basics"}),
        ({"time": "afternoon"}, {"Healthy sleep"}),
        ({"time": "evening"}, {"Carers together", "Walk and talk"}),
        ({"audience": "carers"}, {"Carers together"}),
        ({"audience": ["everyone", "staff"]}, LISTED - {"Carers together"}),
        # Combinations narrow further.
        ({"mode": "online", "time": "evening", "area": "living-well"}, {"Walk and talk"}),
        ({"locality": "fenland", "time": "evening"}, {"Walk and talk"}),
        ({"locality": "fenland", "day": "wednesday"}, set()),
        ({"term": "spring-2027", "audience": "staff"}, set()),
        ({"day": "friday", "time": "morning"}, set()),
    ],
)
def test_each_filter_and_combinations(client, catalogue, query, expected):
    response = client.get(PROSPECTUS, query)
    assert_good_page(response)
    assert set(titles(response)) == expected
    count = len(expected)
    body = response.content.decode()
    if count == 0:
        assert "No courses match" in body
    elif count == 1:
        assert "1 course matches" in body
    else:
        assert f"{count} courses match" in body


@pytest.mark.django_db
def test_the_form_keeps_what_was_chosen_and_offers_only_open_terms(client, catalogue):
    response = client.get(PROSPECTUS, {"area": "carers", "day": "wednesday", "mode": "online"})
    body = response.content.decode()
    assert 'value="carers" checked' in body
    assert 'value="wednesday" checked' in body
    assert 'value="online" checked' in body
    assert 'value="autumn-2025"' not in body  # a term that has ended is not offered
    assert "Clear all filters" in body


@pytest.mark.django_db
def test_cancelled_sessions_do_not_match_filters(client, catalogue):
    # Walk and talk's online sessions are cancelled: it is no longer online.
    m.Session.objects.filter(run=catalogue["Walk and talk"], venue__kind="online").update(
        cancelled_at=timezone.now(), cancelled_reason="Trainer unwell"
    )
    response = client.get(PROSPECTUS, {"mode": "online"})
    assert set(titles(response)) == {"Carers together"}


@pytest.mark.django_db
def test_pdf_links_for_chosen_terms(client, catalogue):
    facts = read_page(client.get(PROSPECTUS).content.decode())
    spring = reverse("college:term_prospectus", args=["spring-2027"])
    summer = reverse("college:term_prospectus", args=["summer-2027"])
    assert spring in facts.links and summer in facts.links
    facts = read_page(client.get(PROSPECTUS, {"term": "summer-2027"}).content.decode())
    assert summer in facts.links and spring not in facts.links


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ({"term": "no-such-term"}, "Term"),
        ({"term": "autumn-2025"}, "Term"),
        ({"day": "funday"}, "Day of the week"),
        ({"time": "midnight"}, "Time of day"),
        ({"mode": "teleport"}, "Online or in person"),
        ({"area": "<script>alert(1)</script>"}, "Subject"),
        ({"locality": "atlantis"}, "Area of the county"),
        ({"audience": "martians"}, "Who it is for"),
    ],
)
def test_bad_filter_values_are_left_out_and_said_so(client, catalogue, query, ignored):
    response = client.get(PROSPECTUS, query)
    assert_good_page(response)
    body = response.content.decode()
    assert "We could not use some of the filters" in body
    assert ignored in body.split("so we left them out:")[1].split("</p>")[0]
    assert set(titles(response)) == LISTED
    assert "<script>alert" not in body


@pytest.mark.django_db
def test_good_values_are_kept_beside_bad_ones(client, catalogue):
    response = client.get(PROSPECTUS, {"day": ["monday", "funday"], "page": "lots"})
    assert_good_page(response)
    assert set(titles(response)) == {"Mindfulness basics"}
    assert "Day of the week" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "999", "x", ""])
def test_junk_page_numbers_give_a_page(client, catalogue, page):
    response = client.get(PROSPECTUS, {"page": page})
    assert_good_page(response)


@pytest.mark.django_db
def test_results_are_paginated_keeping_filters(client, college):
    for n in range(23):
        add_run(college, f"Course number {n:02}")
    response = client.get(PROSPECTUS, {"area": "living-well"})
    assert response.content.decode().count('<li class="nhsuk-card">') == 20
    body = response.content.decode()
    assert "25 courses match your filters" in body  # with the fixture's two runs
    assert "area=living-well&amp;page=2" in body
    second = client.get(PROSPECTUS, {"area": "living-well", "page": 2})
    assert_good_page(second)
    assert second.content.decode().count('<li class="nhsuk-card">') == 5


@pytest.mark.django_db
def test_only_get_and_head(client, college):
    assert client.post(PROSPECTUS).status_code == 405
    assert client.head(PROSPECTUS).status_code == 200


def _queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_runs(client, college):
    venues = [college.wisbech, college.online]
    for n in range(3):
        fill(add_run(college, f"Small {n}", venues=venues), confirmed=2, waiting=1)
    few = _queries(client, PROSPECTUS)
    few_filtered = _queries(client, PROSPECTUS, {"locality": "fenland", "time": "morning"})
    for n in range(27):
        fill(add_run(college, f"Big {n}", venues=venues, weeks=6), confirmed=3, waiting=2)
    assert _queries(client, PROSPECTUS) == few
    assert _queries(client, PROSPECTUS, {"locality": "fenland", "time": "morning"}) == few_filtered
    assert few <= 8


# A run's page ---------------------------------------------------------------------------


def run_url(run) -> str:
    return reverse("college:run", args=[run.pk])


@pytest.mark.django_db
def test_run_page_shows_everything_someone_needs_to_choose(client, college):
    response = client.get(run_url(college.run))
    facts = assert_good_page(response)
    assert facts.h1s == ["Understanding anxiety"]
    body = response.content.decode()
    assert "What anxiety is, and ways to live well with it." in body
    assert (
        "<li>Know what anxiety is</li>" in body and "<li>Try three ways to manage it</li>" in body
    )
    assert "Everyone" in body
    assert "4 sessions of 2 hours each" in body
    for session in college.sessions:
        local = timezone.localtime(session.starts_at)
        assert f"{local:%A} {local.day} {local:%B %Y}" in body
    assert "Wisbech Recovery Hub" in body and "1 Market Place, Wisbech, PE13 1AB" in body
    for line in ["Step-free access", "Hearing loop", "No accessible toilet",
                 "Parking: Town centre car park", "Buses: X1, 46"]:  # fmt: skip
        assert line in body
    assert body.count("<h3>Wisbech Recovery Hub</h3>") == 1  # each venue once
    assert "Petra, peer trainer with lived experience" in body
    assert "Tariq, practitioner trainer" in body
    assert "Trainer</li>" not in body and "Peer-Trainer" not in body  # first names only
    assert "This course is co-produced" in body
    assert "9 places left out of 10." in body
    assert reverse("college:enrol", args=[college.run.pk]) in facts.links
    assert "Enrol on this course" in body
    assert reverse("college:run_calendar", args=[college.run.pk]) in facts.links
    assert reverse("college:term_prospectus", args=["spring-2027"]) in facts.links
    # Nothing about who is enrolled.
    assert "Patricia" not in body and "Pat" not in body.replace("Petra", "")


@pytest.mark.django_db
def test_run_page_for_a_full_run_offers_the_waiting_list(client, college):
    m.CourseRun.objects.filter(pk=college.run.pk).update(capacity=1)
    body = client.get(run_url(college.run)).content.decode()
    assert "This course is full. Nobody is on the waiting list yet." in body
    assert "Join the waiting list" in body
    fill(college.run, waiting=2)
    response = client.get(run_url(college.run))
    assert_good_page(response)
    body = response.content.decode()
    assert "2 people are on the waiting list." in body
    assert "Join the waiting list" in body and "Enrol on this course" not in body


@pytest.mark.django_db
def test_run_page_marks_cancelled_sessions(client, college):
    m.Session.objects.filter(pk=college.sessions[1].pk).update(
        cancelled_at=timezone.now(), cancelled_reason="The venue is closed for repairs"
    )
    response = client.get(run_url(college.run))
    assert_good_page(response)
    body = response.content.decode()
    assert body.count(">Cancelled</strong>") == 1
    assert "The venue is closed for repairs" in body


@pytest.mark.django_db
def test_a_peripatetic_run_lists_each_venue_once(client, college):
    run = add_run(college, "On the move", venues=[college.wisbech, college.online], weeks=4)
    body = client.get(run_url(run)).content.decode()
    assert body.count("<h3>Wisbech Recovery Hub</h3>") == 1
    assert body.count("<h3>Online (Microsoft Teams)</h3>") == 1
    assert "Wisbech Recovery Hub, Fenland and Online" in body


@pytest.mark.django_db
def test_a_run_that_has_started_is_closed(client, college):
    run = add_run(college, "Already going", start=timezone.now() - timedelta(days=1))
    response = client.get(run_url(run))
    assert_good_page(response)
    body = response.content.decode()
    assert "This course has started, so it is closed for enrolment." in body
    assert reverse("college:enrol", args=[run.pk]) not in body


@pytest.mark.django_db
def test_a_cancelled_run_says_so_and_offers_no_place(client, college):
    m.CourseRun.objects.filter(pk=college.other_run.pk).update(status=m.RunStatus.CANCELLED)
    response = client.get(run_url(college.other_run))
    assert_good_page(response)
    body = response.content.decode()
    assert "This course has been cancelled" in body
    assert reverse("college:enrol", args=[college.other_run.pk]) not in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "student", "trainer", "person", "manager"])
def test_drafts_are_not_found_by_the_public(client, sign_in, world, college, who):
    draft = add_run(college, "Not ready yet", status=m.RunStatus.DRAFT)
    if who:
        sign_in(client, world.by_role()[who])
    for name in ["college:run", "college:run_calendar"]:
        response = client.get(reverse(name, args=[draft.pk]))
        assert response.status_code == 404
        assert "Not ready yet" not in response.content.decode()


@pytest.mark.django_db
def test_college_staff_may_see_a_draft(client, sign_in, world, college):
    draft = add_run(college, "Not ready yet", status=m.RunStatus.DRAFT)
    sign_in(client, world.college_staff)
    response = client.get(run_url(draft))
    assert_good_page(response)
    body = response.content.decode()
    assert "Only College staff can see this page." in body
    assert reverse("college:enrol", args=[draft.pk]) not in body
    assert client.get(reverse("college:run_calendar", args=[draft.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/college/runs/0/", "/college/runs/987654/", "/college/runs/99999999999999999999/",
            "/college/runs/abc/", "/college/runs/-1/", "/college/runs/987654/calendar.ics"],
)  # fmt: skip
def test_runs_that_do_not_exist_are_not_found(client, college, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_run_page_queries_do_not_grow(client, college):
    few = _queries(client, run_url(college.run))
    big = add_run(college, "Long course", venues=[college.wisbech, college.online], weeks=12)
    fill(big, confirmed=10, waiting=6, cancelled=3)
    assert _queries(client, run_url(big)) == few
