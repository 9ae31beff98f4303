"""The person page is the hub: a worker reaches every part of Pat's record from it, Pat
reaches her risk-taking plans from her home page, and Chris (a carer) his own record.
Every page passes axe, on a laptop and on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_worker_reaches_every_part_of_a_persons_record_from_her_page(page, world, password):
    # Given Priya, a peer worker with Pat on her team's caseload
    sign_in_with_two_factor(page, world.peer_worker, password)
    # When she opens Pat's page from her caseload
    page.get_by_role("link", name="Caseload", exact=True).first.click()
    page.locator(f'main a[href="/people/{world.pat.pk}/"]').first.click()
    cards = page.locator(".nhsuk-card__link")
    # Then it links to every part of Pat's record she may see, and to no College record
    expect(cards).to_have_text(
        [
            "Details",
            "Check-ins and progress",
            "Recovery and wellbeing plan",
            "Positive risk-taking plans",
            "Support from our teams",
        ]
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    page.get_by_role("link", name="Positive risk-taking plans").click()
    expect(heading(page)).to_contain_text("positive risk-taking plans")
    page.go_back()
    page.get_by_role("link", name="Recovery and wellbeing plan").click()
    expect(heading(page)).to_contain_text("recovery and wellbeing plan")


def test_a_person_reaches_her_risk_taking_plans_from_home(page, world, password):
    sign_in(page, world.pat_user, password, goto_timeout=30_000)
    page.locator(".nhsuk-card__link", has_text="Risk-taking plans").click()
    expect(heading(page)).to_contain_text("risk-taking plans")
    assert_accessible(page)
    page.goto("/my-record/")
    assert_accessible(page)
    page.get_by_role("link", name="Your positive risk-taking plans").click()
    expect(heading(page)).to_contain_text("risk-taking plans")


def test_a_carer_reaches_their_own_record_from_home(page, world, password):
    sign_in(page, world.carer_user, password, goto_timeout=30_000)
    assert_accessible(page)
    page.locator(".nhsuk-card__link", has_text="Your record").click()
    expect(heading(page)).to_have_text("Your record")
    assert_accessible(page)
    page.get_by_role("link", name="Your check-ins and progress").click()
    assert_accessible(page)


def test_college_staff_reach_a_runs_registers_and_feedback(page, world, college, password):
    sign_in_with_two_factor(page, world.college_staff, password)
    page.goto(f"/college/manage/runs/{college.run.pk}/")
    page.get_by_role("link", name="Students and registers for this course run").click()
    # count() does not wait: after a click the next page may not have arrived yet.
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Students' feedback on this course, from every run").click()
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
