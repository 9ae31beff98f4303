"""A service admin runs staff sign-ins from their menu: adds someone, gets a clinician
who lost her phone back in, and finds both in the audit trail. Every page passes axe on a
laptop and on a 390 px phone, where nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, sign_in_with_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_service_admin_adds_staff_and_gets_someone_back_in(page, world, password):
    sign_in_with_two_factor(page, world.service_admin, password)
    page.get_by_role("link", name="Staff and sign-ins").first.click()
    expect(heading(page)).to_have_text("Staff and sign-ins")
    assert_accessible_on_phone_and_laptop(page)
    # Add a new peer worker to team A
    page.get_by_role("button", name="Add a member of staff").click()
    page.get_by_role("button", name="Add them").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Full name").fill("Nia Newstarter")
    page.get_by_label("Work email address").fill("nia@nhs.example")
    page.get_by_label("Peer worker").check()
    page.get_by_label(world.team_a.name).check()
    page.get_by_label("Job title in those teams").fill("Peer support worker")
    page.get_by_role("button", name="Add them").click()
    expect(heading(page)).to_have_text("Nia Newstarter")
    expect(page.locator("main")).to_contain_text("Waiting for them to choose a password")
    assert_accessible_on_phone_and_laptop(page)
    # Find the clinician, who has lost her phone, and reset her two-factor sign-in
    page.get_by_role("link", name="Back to staff and sign-ins").click()
    page.get_by_label("Find a sign-in").fill("cleo")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Cleo Clinician").click()
    page.get_by_role("link", name="Reset their two-factor sign-in").click()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("In person, with photo ID").check()
    page.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(page.locator("main")).to_contain_text("two-factor sign-in has been reset")
    expect(page.locator("main")).to_contain_text("Not set up")
    # Both are in the audit trail
    page.get_by_role("link", name="Audit trail").first.click()
    expect(heading(page)).to_have_text("Audit trail")
    expect(page.locator("main")).to_contain_text("Nia Newstarter")
    expect(page.locator("main")).to_contain_text("Removed authenticator app")
    assert_accessible_on_phone_and_laptop(page)
