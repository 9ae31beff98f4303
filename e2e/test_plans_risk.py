"""A recovery coach and Pat co-produce a positive risk-taking plan (strategy paras 38-42).

Rory, Pat's recovery coach, signs in with two-factor and starts the plan with Pat's
choice, the possible harms and what will make it safer. Pat signs in, changes a line
and agrees the plan. Rory then sees Pat's agreement and what Pat changed. axe-core
checks every positive risk-taking plan page on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.plans.models import PositiveRiskPlan

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.context.clear_cookies()


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_a_coach_and_pat_co_produce_a_positive_risk_plan(page, world, password):
    review = timezone.localdate() + timedelta(days=28)

    # Rory starts the plan with Pat.
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(f"/people/{world.pat.pk}/positive-risk-plans/")
    heading(page, "Pat's positive risk-taking plans")
    assert_accessible(page)
    page.get_by_role("button", name="Start a positive risk-taking plan").click()
    heading(page, "Start a positive risk-taking plan with Pat")
    assert_accessible(page)
    page.get_by_role("button", name="Save the plan").click()  # nothing filled in
    expect(page).to_have_title(
        "Error: Start a positive risk-taking plan with Pat – Recovery Hub – NHS"
    )
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter the choice you want to make"
    )
    assert_accessible(page)
    page.get_by_label("The choice I want to make").fill("Living on my own again")
    page.get_by_label("What I want and why").fill("My own flat, so my grandchildren can stay")
    page.get_by_label("The benefits").fill("Independence and family time")
    page.locator("#id_harm_0_description").fill("Feeling isolated at weekends")
    page.locator("#id_harm_0_likelihood").select_option("possible")
    page.locator("#id_harm_0_seriousness").select_option("moderate")
    page.locator("#id_harm_1_description").fill("Forgetting to eat")
    page.locator("#id_harm_1_likelihood").select_option("unlikely")
    page.locator("#id_harm_1_seriousness").select_option("minor")
    page.locator("#id_action_0_action").fill("A phone call every Monday")
    page.locator("#id_action_0_who").fill("Rory (recovery coach)")
    page.get_by_label("What happens if things go wrong").fill("I call Rory or 111, option 2")
    page.locator("#id_review_on_0").fill(str(review.day))
    page.locator("#id_review_on_1").fill(str(review.month))
    page.locator("#id_review_on_2").fill(str(review.year))
    page.get_by_role("button", name="Save the plan").click()
    heading(page, "Positive risk-taking plan: Living on my own again")
    table = page.get_by_role("table", name="Possible harms, how likely and how serious")
    expect(table).to_contain_text("Feeling isolated at weekends")
    expect(table).to_contain_text("Possible")
    assert_accessible(page)
    plan = PositiveRiskPlan.objects.get(person=world.pat)
    assert plan.versions.get().written_by == world.recovery_coach
    sign_out(page)

    # Pat changes a line and agrees.
    sign_in(page, world.pat_user, password)
    page.goto("/positive-risk-plans/")
    heading(page, "Your positive risk-taking plans")
    assert_accessible(page)
    page.get_by_role("link", name="Living on my own again").click()
    heading(page, "Positive risk-taking plan: Living on my own again")
    assert_accessible(page)
    page.get_by_role("link", name="Change the plan").click()
    heading(page, "Change the positive risk-taking plan")
    assert_accessible(page)
    page.locator("#id_action_0_action").fill("A phone call every Monday and Friday")
    page.get_by_role("button", name="Save the plan").click()
    heading(page, "Positive risk-taking plan: Living on my own again")
    page.get_by_role("button", name="I agree this plan").click()
    expect(page.locator("main")).to_contain_text("You have agreed this plan")
    participants = page.get_by_role("table", name="Who took part and whether they agreed")
    expect(participants.get_by_role("row", name="Pat Jones")).to_contain_text("Agreed")
    assert_accessible(page)
    sign_out(page)

    # Rory sees Pat's agreement and what she changed.
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(f"/positive-risk-plans/{plan.pk}/")
    participants = page.get_by_role("table", name="Who took part and whether they agreed")
    expect(participants.get_by_role("row", name="Pat Jones")).to_contain_text("Agreed")
    expect(participants.get_by_role("row", name="Rory Coach")).to_contain_text("Not agreed yet")
    page.get_by_role("link", name="All versions of this plan").click()
    heading(page, "Versions of the plan: Living on my own again")
    assert_accessible(page)
    page.get_by_role("link", name="See what changed in version 2").click()
    heading(page, "What changed in the plan: Living on my own again")
    expect(page.locator("main ins")).to_contain_text("and Friday")
    assert_accessible(page)
    page.get_by_role("button", name="Compare").click()
    heading(page, "What changed in the plan: Living on my own again")
    page.goto(f"/positive-risk-plans/{plan.pk}/")
    page.get_by_role("button", name="I agree this plan").click()
    expect(participants.get_by_role("row", name="Rory Coach")).to_contain_text("Agreed")
    page.get_by_role("link", name="Close the plan").click()
    heading(page, "Close the plan: Living on my own again")
    assert_accessible(page)
