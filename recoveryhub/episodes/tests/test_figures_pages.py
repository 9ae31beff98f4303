"""The managers' figures page and its CSV: who may see them, what they show, bad addresses
answered with a clear error (never a server error), and queries that do not grow with the
data."""

import csv
import io
from collections import OrderedDict
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recoveryhub.core import protection_store
from recoveryhub.core.models import AccessEvent
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.core.testing import assert_good_page
from recoveryhub.episodes import figures_version, throughput
from recoveryhub.episodes import throughput_rules as rules
from recoveryhub.episodes.throughput_cells import ended

from .test_figures_numbers import PERIOD, TODAY, build

QUERY = "?from_month=2026-01&to_month=2026-03"


def _page(client, query=QUERY, name="episodes:throughput"):
    return client.get(reverse(name) + query)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["peer_worker", "recovery_coach", "clinician", "college_staff", "trainer", "student"]
)
def test_only_managers_see_the_figures(client, sign_in, world, role):
    build(world)
    sign_in(client, getattr(world, role))
    assert _page(client).status_code == 404
    assert _page(client, name="episodes:throughput_csv").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["pat_user", "carer_user"])
def test_people_and_carers_do_not_see_the_figures(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert _page(client).status_code == 404


@pytest.mark.django_db
def test_the_page_shows_the_trust_and_explains_itself(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    response = _page(client)
    facts = assert_good_page(response)
    assert facts.h1s == ["Reablement and coaching figures"]
    html = response.content.decode()
    assert "All of the trust: January 2026 to March 2026" in html
    assert "notion of ‘throughput’" in html and "paragraph 17" in html
    for words in ("By goals", "By the clock", "Came back within 91 days", "Reliably improved"):
        assert words in html
    assert 'role="img"' in html and "<title id=" in html  # the chart, with its table
    assert "Referrals and endings each month (the numbers in the chart)" in html
    assert "Zed Example" not in html  # no person is named
    assert world.recovery_coach.full_name not in html  # nor any worker
    # Figures are not a person's record: no access event.
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_the_default_is_the_last_twelve_months_of_the_trust(client, sign_in, world):
    sign_in(client, world.manager)
    html = _page(client, query="").content.decode()
    assert "All of the trust:" in html
    default = rules.default_period(date.today())
    assert default.label in html


@pytest.mark.django_db
def test_a_team_chosen(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    html = _page(client, QUERY + f"&group=team-{world.team_a.pk}").content.decode()
    assert f"{world.team_a.name}: January 2026 to March 2026" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from_month=2026-03&to_month=2026-01", "The first month must be the same as or before"),
        ("?from_month=2020-01&to_month=2026-01", "Choose a period of 36 months or fewer"),
        ("?from_month=nonsense", "Select the first month from the list"),
        ("?to_month=2026-13", "Select the last month from the list"),
        ("?from_month=1999-01", "Select the first month from the list"),
        ("?group=team-999999", "Select a team or service line from the list"),
        ("?group=" + "x" * 5000, "Select a team or service line from the list"),
        ("?from_month=2026-01&from_month=", "Select the first month from the list"),
    ],
)
def test_bad_addresses_say_what_is_wrong(client, sign_in, world, query, message):
    sign_in(client, world.manager)
    for name in ("episodes:throughput", "episodes:throughput_csv"):
        response = _page(client, query, name)
        assert_good_page(response)
        html = response.content.decode()
        assert "There is a problem" in html and message in html
        assert html.count("<title>Error: ") == 1
        assert "Referrals and endings each month" not in html  # no figures for a bad period


@pytest.mark.django_db
def test_the_csv_has_the_same_figures(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    response = _page(client, QUERY + f"&group=team-{world.team_a.pk}", "episodes:throughput_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "reablement-figures-2026-01-to-2026-03.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Group", "Table", "Row", "Column", "Figure"]
    compared = "Teams and service lines compared, over the whole period"
    figures = {(r[1], r[2], r[3]): r[4] for r in rows[1:] if r[1] != compared}
    assert all(r[0] == world.team_a.name for r in rows[1:] if r[1] != compared)
    groups = {r[0] for r in rows[1:] if r[1] == compared}
    assert groups == {
        world.team_a.name,
        world.team_b.name,
        "Adult mental health",
        "All of the trust",
    }
    sources = "Referrals received, by where they came from"
    assert figures[sources, "January 2026", "All referrals"] == SUPPRESSED  # 4
    assert figures[sources, "Whole period", "Open-door pass"] == SUPPRESSED  # 1
    change = "Change in people's measures, by how episodes ended"
    assert figures[change, "Reliably improved", "By goals (goals met)"] == SUPPRESSED
    assert figures[sources, "February 2026", "Open-door pass"] == "0"


@pytest.mark.django_db
def test_large_enough_figures_are_shown(client, sign_in, world):
    for n in range(5):  # the same five times: every count 0 or at least 5
        build(world, tag=f"{n}-")
    shown = throughput.shown(throughput.figures(PERIOD, TODAY))
    trust, a, b = ("trust", 0), ("team", world.team_a.pk), ("team", world.team_b.pk)
    assert not shown.withheld
    assert shown.count((trust, "end", rules.PERIOD, "total")) == "30"
    assert shown.count((a, "end", rules.PERIOD, "total")) == "25"
    assert shown.count((b, "ref", 0, "gp")) == "5"
    assert shown.rate(ended(a, rules.GOALS), ended(a, rules.ALL)) == "40%"


@pytest.mark.django_db
def test_four_times_over_a_small_team_is_still_hidden(world):
    for n in range(4):  # 24 endings: 20 in team A, 4 in team B
        build(world, tag=f"{n}-")
    shown = throughput.shown(throughput.figures(PERIOD, TODAY))
    a, b = ("team", world.team_a.pk), ("team", world.team_b.pk)
    assert shown.count((b, "end", rules.PERIOD, "total")) == SUPPRESSED
    # Team A is the trust less team B: so it is hidden too.
    assert shown.count((a, "end", rules.PERIOD, "total")) == "hidden"


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(
    client, sign_in, world, django_assert_num_queries, monkeypatch
):
    # Nothing kept in this process from other tests: both times it is worked out.
    monkeypatch.setattr(protection_store, "_recent", OrderedDict())
    sign_in(client, world.manager)
    build(world)
    client.get(reverse("episodes:throughput"))  # the session, and anything read once
    url = reverse("episodes:throughput") + QUERY
    # Each time the figures are new, so what they hide is worked out and kept.
    with CaptureQueriesContext(connection) as once:
        assert client.get(url).status_code == 200
    build(world, tag="second-")
    build(world, tag="third-")
    figures_version.bump()  # as the services do: build() writes rows directly
    with django_assert_num_queries(len(once.captured_queries)):
        assert client.get(url).status_code == 200
