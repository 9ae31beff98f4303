"""A manager reads the volunteering and work figures and downloads them.

Mani, the manager of team A, signs in with two-factor, opens the figures for the last 12
months (built by hand: recoveryhub/pathways/tests/test_figures_numbers.py, with small
numbers), sees people into work beside the IPS Grow benchmark and the chart of the path
from the College to work, asks for a period the wrong way round and is told, then asks
for a real period. axe-core checks every page, at a phone's width and a laptop's.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.pathways.tests.test_figures_numbers import build

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_reads_the_volunteering_and_work_figures(page, world, password):
    build(world, small=True)
    sign_in_with_two_factor(page, world.manager, password)

    page.goto("/pathways/figures/")
    heading(page, "Volunteering and work figures")
    expect(page.get_by_text("IPS Grow outcome benchmark").first).to_be_visible()
    chart = page.get_by_role("img", name="From the Recovery College to volunteering to work")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="People into work")
    expect(table).to_contain_text("fewer than 5")
    expect(table).to_contain_text("hidden")
    assert_accessible_on_phone_and_laptop(page)

    # A period the wrong way round: an error, and no figures.
    for prefix, (day, month, year) in (("From", ("1", "6", "2026")), ("To", ("1", "1", "2026"))):
        group = page.get_by_role("group", name=prefix, exact=True)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_title("Error: Volunteering and work figures – Recovery Hub – NHS")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "To date must be the same as or after the from date"
    )
    assert_accessible(page)

    # The download of the figures shown.
    page.goto("/pathways/figures/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert download.value.suggested_filename.startswith("pathways-figures-")
