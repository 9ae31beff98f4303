"""The Board's quarterly report in a browser.

Mani (a manager, who writes the report) opens this quarter's draft from the list, reads
its SPC charts and their tables, writes the narrative (a claim without its chart is
refused), publishes it after the confirm page, then reads a measure's chart and records a
decision to restart its baseline. axe-core checks each page at a phone's width and a
laptop's.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.practice import presenters_board
from recoveryhub.practice.testing import build_practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_writes_and_publishes_the_board_report(page, world, password):
    practice = build_practice(world)
    title = presenters_board.report_title(practice.draft)
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("practice:reports"))
    heading(page, "Board reports")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name=title).click()
    heading(page, title)
    expect(page.get_by_text("Draft: the figures change until it is published")).to_be_visible()
    chart = page.get_by_role("img", name="College enrolments each month, with process limits")
    expect(chart).to_be_visible()
    section = page.locator("#measure-college_enrolments")
    section.get_by_text("The chart's numbers, month by month").click()  # a details component
    numbers = page.get_by_role("table", name="College enrolments each month: the chart's numbers")
    expect(numbers).to_contain_text("What the rules found")
    expect(page.get_by_role("link", name="Offer every team a wellbeing session")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Write the summary and the claims").click()
    heading(page, f"{title}: the narrative")
    page.get_by_label("The claim").fill("The College's reach held up over the summer.")
    page.get_by_role("button", name="Add the claim").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose the chart that shows the claim"
    )
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Which chart shows it?").select_option(label="College enrolments each month")
    page.get_by_role("button", name="Add the claim").click()
    expect(page.get_by_text("The claim is added, linked to its chart")).to_be_visible()
    page.get_by_label("The lead's summary").fill("Enrolments are steady; one action is late.")
    page.get_by_role("button", name="Save the summary").click()
    expect(page.get_by_text("The summary is saved")).to_be_visible()

    page.get_by_role("link", name="Read the report").click()
    page.get_by_role("link", name="Publish the report").click()
    expect(page.get_by_text("Once published, it will not change")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published. It will not change")).to_be_visible()
    expect(page.get_by_text("The College's reach held up over the summer.").first).to_be_visible()
    expect(page.get_by_role("link", name="Write the summary and the claims")).to_have_count(0)

    page.get_by_role("link", name="College enrolments each month: the latest figures").click()
    heading(page, "College enrolments each month")
    expect(page.get_by_text("The College moved to three terms a year").first).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Record a decision to restart the baseline").click()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter why the baseline restarts")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("The first month of the new baseline").select_option(index=1)
    page.get_by_label("Why does the baseline restart?").fill("Courses moved online")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded: the baseline restarts")).to_be_visible()
    expect(page.get_by_text("Courses moved online").first).to_be_visible()
