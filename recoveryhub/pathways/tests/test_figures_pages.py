"""The figures page and its CSV: who reaches them, the period asked in the address (bad
dates are errors on the page, never a server error), and the same hidden figures in both."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.presenters import long_date
from recoveryhub.pathways import figures

from .test_figures_numbers import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    # Rolled-back tests reuse ids, so figures kept under a stamp could outlive their rows.
    figures._kept.clear()


PAGE, CSV = reverse("pathways:figures"), reverse("pathways:figures_csv")


def period(first, last) -> dict:
    return {
        "from_date_0": first[0], "from_date_1": first[1], "from_date_2": first[2],
        "to_date_0": last[0], "to_date_1": last[1], "to_date_2": last[2],
    }  # fmt: skip


@pytest.mark.parametrize("who", ["manager", "college_staff"])
def test_managers_and_the_pathways_team_see_the_figures(client, sign_in, world, who):
    build(world, small=True)
    sign_in(client, getattr(world, who))
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Volunteering and work figures</h1>" in page
    today = timezone.localdate()
    first = today.replace(year=today.year - 1) + timedelta(days=1)
    assert f"{long_date(first)} to {long_date(today)}" in page  # the last 12 months
    assert "IPS Grow outcome benchmark" in page and "not a target" in page
    assert "fewer than 5" in page and "hidden" in page
    assert 'role="img"' in page  # the chart, with the table of its numbers after it
    assert "From the Recovery College to volunteering to work" in page
    assert not AccessEvent.objects.exists()  # aggregates name no one


@pytest.mark.parametrize(
    "who", ["pat_user", "carer_user", "peer_worker", "recovery_coach", "clinician", "trainer",
            "student", "admin", "service_admin", "partner"],
)  # fmt: skip
def test_everyone_else_gets_not_found(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (period(("1", "6", "2026"), ("1", "1", "2026")),
         "To date must be the same as or after the from date"),
        (period(("31", "2", "2026"), ("1", "3", "2026")), "From date must be a real date"),
        (period(("1", "1", "2020"), ("1", "3", "2026")), "Choose a period of 5 years or less"),
        (period(("x", "1", "2026"), ("1", "3", "2026")), "From date must be a real date"),
        (period(("1", "1", ""), ("1", "3", "2026")), "From date must include a year"),
        (period(("1", "1", "1800"), ("1", "3", "2026")), "From date must be the same as or"),
        ({"to_date_0": "1", "to_date_1": "13", "to_date_2": "2026"},
         "To date must be a real date"),
    ],
)  # fmt: skip
def test_a_bad_period_is_an_error_on_the_page(client, sign_in, world, asked, message):
    sign_in(client, world.manager)
    for address in (PAGE, CSV):
        response = client.get(address, asked)
        assert response.status_code == 200
        page = response.content.decode()
        assert "<title>Error: Volunteering and work figures" in page
        assert message in page
        assert "People into work" not in page  # no figures for a period that makes no sense


def test_a_period_chosen_counts_only_its_days(client, sign_in, world):
    build(world)
    sign_in(client, world.manager)
    day = timezone.localdate() - timedelta(days=45)  # after most of the built data
    response = client.get(
        PAGE,
        period((day.day, day.month, day.year), ("", "", ""))
        | {"to_date_0": day.day, "to_date_1": day.month, "to_date_2": day.year},
    )
    page = response.content.decode()
    assert f"{long_date(day)} to {long_date(day)}" in page


def test_the_csv_shows_the_same_figures_as_the_page(client, sign_in, world):
    build(world, small=True)
    sign_in(client, world.college_staff)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="pathways-figures-')
    lines = response.content.decode().splitlines()
    assert lines[0] == "Period,Table,Row,Column,Figure"
    text = "\n".join(lines)
    assert "Huntingdon Adult Locality Team,Out of work when referred,fewer than 5" in text
    assert f"{world.team_a.name},Out of work when referred,hidden" in text
    assert "All teams,Started a job,7" in text
    assert "Then started a job,People,5" in text
    assert not AccessEvent.objects.exists()


def test_a_name_like_a_formula_cannot_run_in_a_spreadsheet(client, sign_in, world):
    from recoveryhub.pathways.models import Partner

    build(world)
    Partner.objects.filter(name="Fenland Volunteer Centre").update(name="=HYPERLINK(1)")
    sign_in(client, world.manager)
    assert "'=HYPERLINK(1)" in client.get(CSV).content.decode()


def test_only_get_is_allowed(client, sign_in, world):
    sign_in(client, world.manager)
    assert client.post(PAGE).status_code == 405


def test_many_roles_are_left_to_the_csv(client, sign_in, world, monkeypatch):
    from recoveryhub.pathways.views import figures as views

    build(world)
    monkeypatch.setattr(views, "MOST_ROLES_ON_PAGE", 2)
    sign_in(client, world.manager)
    page = client.get(PAGE).content.decode()
    assert "Hours by role: 3 roles had hours approved, too many to list here." in page
    assert "Approved hours by role" not in page
    assert "Approved hours by role" in client.get(CSV).content.decode()
