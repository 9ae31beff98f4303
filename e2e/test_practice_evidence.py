"""The team's evidence before a peer audit visit, in a browser.

Cleo (a clinician in team B) audits team A with Paz. From the round's page she opens the
team's evidence: five sections of figures, each with a captioned table, small numbers
shown as "fewer than 5", and nobody named. axe-core checks the page at a phone's width
and a laptop's. Priya, on team A's staff, reads the same page from her team's round.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.practice.testing import build_practice
from recoveryhub.practice.tests.test_evidence import everything

pytestmark = pytest.mark.django_db(transaction=True)
TITLE = "What the team's records show before your visit"


def test_an_auditor_reads_the_teams_evidence_before_the_visit(page, world, password):
    practice = build_practice(world)
    everything(world, "e2e")
    sign_in_with_two_factor(page, world.clinician, password)
    page.goto(reverse("practice:round", args=[practice.visit_a.pk]))
    page.get_by_role("link", name="The team's evidence from across Recovery Hub").click()
    heading(page, TITLE)
    for caption in (
        "Check-ins completed while on the team's caseload",
        "How people's scores changed, by measure",
        "The team's staff at the Recovery College",
        "Friends and Family Test answers",
        "Who came back",
        "Plans of people on the team's caseload",
    ):
        expect(page.get_by_role("table", name=caption)).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    expect(page.get_by_text("Evidence Person")).to_have_count(0)
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_in_viewport()
    assert_accessible_on_phone_and_laptop(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto(reverse("practice:evidence", args=[practice.visit_a.pk]))
    heading(page, TITLE)
    page.get_by_role("link", name=f"Audit of {world.team_a.name}").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
