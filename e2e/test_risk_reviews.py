"""Reviewing a positive risk-taking plan, and a carer named in it agreeing (issue 12).

Rory, Pat's recovery coach, records a review from the plan's page at 1280 px: the plan
does not change and Pat's agreement stands. Pat records the next one on her phone
(390 px). Chris, her carer, named in the plan she shares with him, agrees it. axe-core
checks each page on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.plans import services
from recoveryhub.plans.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def record_review(page, outcome: str, next_on) -> None:
    page.get_by_role("link", name="Record a review of this plan").click()
    heading(page, "Record a review: Living on my own again")
    assert_accessible(page)
    page.get_by_label("What was decided").fill("")
    page.get_by_role("button", name="Record the review").click()  # nothing filled in
    expect(page).to_have_title(
        "Error: Record a review: Living on my own again – Recovery Hub – NHS"
    )
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter what was decided")
    assert_accessible(page)
    fill_date(page, "reviewed_on", timezone.localdate())
    page.get_by_label("What was decided").fill(outcome)
    fill_date(page, "next_review_on", next_on)
    page.get_by_role("button", name="Record the review").click()
    heading(page, "Positive risk-taking plan: Living on my own again")
    expect(page.locator("main")).to_contain_text(outcome)
    assert_accessible(page)


def test_reviews_are_recorded_without_changing_the_plan_and_a_carer_agrees(
    page, world, plans, password
):
    plan = plans.pat_risk_plan
    Participant.objects.create(plan=plan, name="Chris Jones", role="carer")
    services.agree_risk_plan(plan, by=world.pat_user)
    world.carer_link.shares_plans = True
    world.carer_link.save()
    today = timezone.localdate()

    # Rory records a review at 1280 px.
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.goto(f"/positive-risk-plans/{plan.pk}/")
    record_review(page, "Going well: carry on as planned", today + timedelta(days=60))
    participants = page.get_by_role("table", name="Who took part and whether they agreed")
    expect(participants.get_by_role("row", name="Patricia Jones")).to_contain_text("Agreed")
    page.get_by_role("link", name="All versions of this plan").click()
    expect(page.locator("main")).to_contain_text("Going well: carry on as planned")
    assert_accessible(page)
    page.context.clear_cookies()

    # Pat records the next review on her phone.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, world.pat_user, password)
    page.goto(f"/positive-risk-plans/{plan.pk}/")
    record_review(page, "Moved in; weekly calls can stop", today + timedelta(days=120))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.clear_cookies()

    # Chris, named in the plan Pat shares with him, agrees it.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, world.carer_user, password)
    page.goto(f"/caring-for/{world.pat.pk}/plans/")
    page.get_by_role("link", name="Positive risk-taking plan: Living on my own again").click()
    assert_accessible(page)
    page.get_by_role("link", name="You are named in this plan: read it and agree it").click()
    heading(page, "Positive risk-taking plan: Living on my own again")
    expect(page.get_by_role("link", name="Record a review of this plan")).to_have_count(0)
    page.get_by_role("button", name="I agree this plan").click()
    expect(page.locator("main")).to_contain_text("You have agreed this plan")
    participants = page.get_by_role("table", name="Who took part and whether they agreed")
    expect(participants.get_by_role("row", name="Chris Jones")).to_contain_text("Agreed")
    assert_accessible(page)
