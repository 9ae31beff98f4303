"""Feedback's figures pages: who may see them, what they show, the CSV, bad addresses,
recording contacts with bad input, and a number of queries that does not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recoveryhub.feedback import services
from recoveryhub.feedback.models import FeedbackLead, MonthlyContacts
from recoveryhub.feedback.tests.test_figures_numbers import answer, build
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db
FIGURES = reverse("feedback:figures")


@pytest.fixture
def lead(world):
    """Mani leads feedback for Adult mental health (both world teams)."""
    return FeedbackLead.objects.create(user=world.manager, service_line=world.team_a.service_line)


def test_a_manager_reads_every_team_by_name_with_an_spc_chart(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    page = client.get(FIGURES).content.decode()
    assert page.count("<h1>") == 1 and "Feedback figures" in page
    first, second = sorted([world.team_a.name, world.team_b.name])
    assert page.index(first) < page.index(second)  # by name, not by score
    assert 'role="img"' in page and "<desc" in page and "not a league table" in page
    assert "not enough points yet" in page  # two months shown: too few for limits
    assert "fewer than 5" in page and "67%" not in page.split("<h2>")[0]
    assert "“don't know” answers are counted in the total" in page


def test_a_year_of_answers_shows_the_average_and_limits(client, sign_in, world):
    survey = services.fft_survey(world.team_a)
    first = timezone.localdate().replace(day=1)
    for back in range(13):
        month = (first - timedelta(days=31 * back)).replace(day=1)
        answer(survey, "good", month, 5 + back % 2)
        answer(survey, "poor", month, 1)
    sign_in(client, world.manager)
    page = client.get(FIGURES, {"months": "18"}).content.decode()
    assert "The average is" in page and "the process limits are" in page
    assert "What the chart shows" in page and "The latest point shows" in page


def test_filters_by_service_line_and_months(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    line = world.team_a.service_line_id
    page = client.get(FIGURES, {"service_line": line, "months": "24"}).content.decode()
    assert world.team_a.name in page and page.count("<tr") > 24


@pytest.mark.parametrize(
    "query",
    [
        {"months": "13"},
        {"months": "x" * 5000},
        {"service_line": "99999"},
        {"service_line": "1 OR 1"},
    ],
)
def test_a_bad_address_is_an_error_never_a_500(client, sign_in, world, query):
    sign_in(client, world.manager)
    for name in ("feedback:figures", "feedback:figures_csv"):
        response = client.get(reverse(name), query)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()


def test_the_csv_is_suppressed_as_the_page_is(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    response = client.get(reverse("feedback:figures_csv"), {"months": "12"})
    assert response["Content-Disposition"].startswith('attachment; filename="feedback-figures-')
    text = response.content.decode()
    assert text.startswith("Period,Table,Row,Column,Figure")
    assert f"{world.team_b.name},% positive,100%" in text and "fewer than 5" in text


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "person", "service_admin"])
def test_the_trust_figures_are_for_managers_and_leads_only(client, sign_in, world, who):
    sign_in(client, getattr(world, who) if who != "person" else world.pat_user)
    assert client.get(FIGURES).status_code == 404
    assert client.get(reverse("feedback:figures_csv")).status_code == 404


def test_a_team_reads_its_own_figures_and_no_other(client, sign_in, world):
    build(world)
    sign_in(client, world.peer_worker)
    page = client.get(reverse("feedback:team_figures", args=[world.team_a.pk])).content.decode()
    assert "Fenland Adult Locality Team: feedback figures" in page
    assert "Clinic tablet" in page and "Getting care and support" in page
    assert "Record your team's contacts" not in page  # for the feedback lead
    assert client.get(reverse("feedback:team_figures", args=[world.team_b.pk])).status_code == 404
    assert client.get(reverse("feedback:team_figures", args=[999999])).status_code == 404
    bad = client.get(reverse("feedback:team_figures", args=[world.team_a.pk]), {"months": "7"})
    assert bad.status_code == 200 and "Choose 12, 18 or 24 months" in bad.content.decode()


def test_the_lead_records_contacts(client, sign_in, world, lead):
    sign_in(client, world.manager)
    url = reverse("feedback:contacts", args=[world.team_b.pk])
    month = timezone.localdate().replace(day=1)
    response = client.post(url, {"month": f"{month:%Y-%m}", "contacts": "250"})
    assert response.status_code == 302
    assert MonthlyContacts.objects.get(team=world.team_b, month=month).contacts == 250
    client.post(url, {"month": f"{month:%Y-%m}", "contacts": "260"})  # replaces it
    assert MonthlyContacts.objects.get(team=world.team_b).contacts == 260
    assert "260" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose the month"),
        ({"month": "2026-13", "contacts": "5"}, "Choose a month from the list"),
        ({"month": "1999-01", "contacts": "5"}, "Choose a month from the list"),
        ({"month": "now", "contacts": "-1"}, "Contacts must be 0 or more"),
        ({"month": "now", "contacts": "12abc"}, "Contacts must be a whole number"),
        ({"month": "now", "contacts": "9" * 300}, "Contacts must be 1,000,000 or fewer"),
        ({"month": "now", "contacts": "<script>"}, "Contacts must be a whole number"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_is_written(
    client, sign_in, world, lead, data, message
):
    sign_in(client, world.manager)
    if data.get("month") == "now":
        data = data | {"month": f"{timezone.localdate():%Y-%m}"}
    response = client.post(reverse("feedback:contacts", args=[world.team_a.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<title>Error: " in page
    assert not MonthlyContacts.objects.exists()


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "service_admin"])
def test_only_the_lead_records_contacts(client, sign_in, world, lead, who):
    sign_in(client, getattr(world, who))
    url = reverse("feedback:contacts", args=[world.team_a.pk])
    assert client.get(url).status_code == 404
    month = timezone.localdate().replace(day=1)
    assert client.post(url, {"month": f"{month:%Y-%m}", "contacts": "5"}).status_code == 404
    assert not MonthlyContacts.objects.exists()


def count_queries(client, url, query=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_teams_or_months(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    team_url = reverse("feedback:team_figures", args=[world.team_a.pk])
    before = count_queries(client, FIGURES), count_queries(client, team_url)
    day = timezone.localdate()
    for n in range(4):
        team = Team.objects.create(
            name=f"More team {n}", service_line=world.team_a.service_line, locality=world.fenland
        )
        survey = services.fft_survey(team)
        for back in range(0, 400, 40):
            answer(survey, "good", day - timedelta(days=back), 6)
            answer(services.fft_survey(world.team_a), "poor", day - timedelta(days=back))
    after = count_queries(client, FIGURES, {"months": "24"}), count_queries(client, team_url)
    assert after == before
