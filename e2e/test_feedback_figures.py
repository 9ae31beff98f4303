"""Feedback's figures and 'You said, we did' in a browser.

Mani (a manager and the feedback lead of Adult mental health) reads the trust's feedback
figures, with the SPC chart and its table, then team A's figures. Priya (a peer worker in
team A) drafts a 'you said, we did' entry and asks for approval; Mani approves it; then
anyone, not signed in, reads it on the team's public page on a phone. axe-core checks
each page: the staff pages at a phone's width and a laptop's, the public ones on a phone.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    assert_fits,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.feedback.testing import build_feedback

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_reads_the_figures_and_a_teams_figures(page, world, password):
    build_feedback(world)
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(reverse("feedback:figures"))
    heading(page, "Feedback figures")
    chart = page.get_by_role("img", name="Percentage positive each month, with process limits")
    expect(chart).to_be_visible()
    expect(page.get_by_text("not enough points yet").first).to_be_visible()
    table = page.get_by_role("table", name="Friends and Family Test by team")
    expect(table).to_contain_text(world.team_a.name)
    expect(table).to_contain_text("fewer than 5")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_label("Months", exact=True).select_option("24")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("table", name="Comments by theme and month")).to_be_visible()

    page.goto(reverse("feedback:team_figures", args=[world.team_a.pk]))
    heading(page, f"{world.team_a.name}: feedback figures")
    expect(
        page.get_by_role("table", name="Friends and Family Test answers by channel")
    ).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Record your team's contacts").click()
    heading(page, f"{world.team_a.name}: contacts each month")
    page.get_by_role("button", name="Record contacts").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the month")
    assert_accessible_on_phone_and_laptop(page)


def test_a_worker_drafts_a_change_the_lead_approves_and_the_public_reads_it(page, world, password):
    build_feedback(world)
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto(reverse("feedback:change_add", args=[world.team_a.pk]))
    heading(page, "Write a 'you said, we did' entry")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter what people said")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_label("Getting care and support").check()
    page.get_by_label("You said").fill("The clinic was hard to find from the bus stop.")
    page.get_by_label("We did").fill("We put up signs from the bus stop to the door.")
    page.get_by_label("When did people say it?").select_option(index=1)
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    page.get_by_role("button", name="Ask the lead to approve the wording").click()
    expect(page.get_by_text("The lead has been asked to approve the wording")).to_be_visible()
    change_url = page.url
    assert_accessible_on_phone_and_laptop(page)

    page.context.clear_cookies()
    sign_in_with_two_factor(page, world.manager, password)
    page.goto(change_url)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved: the wording is on the public pages")).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("feedback:public_team_changes", args=[world.team_a.pk]))
    heading(page, f"You said, we did: {world.team_a.name}")
    expect(page.get_by_text("We put up signs from the bus stop to the door.")).to_be_visible()
    expect(page.get_by_text("Letters arrive too late.")).to_have_count(0)  # a draft
    assert_accessible(page)
    assert_fits(page)
    page.goto(reverse("feedback:public_changes"))
    heading(page, "You said, we did")
    expect(page.get_by_text("The clinic was hard to find from the bus stop.")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    page.goto(reverse("feedback:public_team_changes", args=[world.team_b.pk]))
    expect(page.get_by_text("has not published any changes yet")).to_be_visible()
    assert_accessible(page)
