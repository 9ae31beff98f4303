"""A manager reads the reablement and coaching figures and changes what their team offers.

Mani, the manager of team A, signs in with two-factor, opens the figures for January to
March 2026 (built by hand: recoveryhub/episodes/tests/test_figures_numbers.py), picks a
period the wrong way round and is told, then changes the planned length of team A's
reablement, first with a number out of range. axe-core checks every page on the way, at
a phone's width and a laptop's.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.episodes.models import EpisodeType
from recoveryhub.episodes.tests.test_figures_numbers import build

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_reads_the_figures_and_sets_what_the_team_offers(page, world, password):
    built = build(world)
    sign_in_with_two_factor(page, world.manager, password)

    page.goto("/reablement/figures/?from_month=2026-01&to_month=2026-03")
    heading(page, "Reablement and coaching figures")
    expect(page.get_by_role("img", name="Referrals and endings each month")).to_be_visible()
    expect(page.get_by_text("All of the trust: January 2026 to March 2026")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    # A team, and then a period the wrong way round.
    page.get_by_label("Show figures for").select_option(label=world.team_a.name)
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text(f"{world.team_a.name}: January 2026 to March 2026")).to_be_visible()
    page.get_by_label("From", exact=True).select_option(label="March 2026")
    page.get_by_label("To", exact=True).select_option(label="January 2026")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_title("Error: Reablement and coaching figures – Recovery Hub – NHS")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The first month must be the same as or before the last month"
    )
    assert_accessible(page)

    # What the team offers: a planned length out of range, then a good one.
    page.goto("/reablement/what-teams-offer/")
    heading(page, "What your teams offer")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name="Change Reablement").click()
    heading(page, "Change Reablement")
    assert_accessible(page)
    page.get_by_label("Planned length").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Planned length must be between 1 and 104 weeks"
    )
    assert_accessible(page)
    page.get_by_label("Planned length").fill("8")
    page.get_by_role("button", name="Save").click()
    heading(page, "What your teams offer")
    expect(page.get_by_text(f"Saved Reablement for {world.team_a.name}")).to_be_visible()
    assert EpisodeType.objects.get(pk=built.reablement.pk).planned_weeks == 8
