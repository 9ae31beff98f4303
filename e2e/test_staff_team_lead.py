"""A team lead gets a locked-out colleague back in from their menu; a service admin
reaches named workers team by team and changes one. Every page passes axe on a laptop
and on a 390 px phone."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, sign_in_with_two_factor
from recoveryhub.staff.models import AccountRecovery

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_team_lead_unlocks_a_colleague_from_their_menu(page, world, password):
    AccessAttempt.objects.create(
        username=world.peer_worker.email, ip_address="127.0.0.1", user_agent="test",
        failures_since_start=5, attempt_time=timezone.now(),
    )  # fmt: skip
    sign_in_with_two_factor(page, world.manager, password)
    page.get_by_role("link", name="Your team's staff").first.click()
    expect(heading(page)).to_have_text("Your team's staff")
    expect(page.locator("main")).to_contain_text("Locked out")
    assert_accessible_on_phone_and_laptop(page)
    # Unlock Priya, after saying how she was checked
    page.get_by_role("link", name="Unlock Priya Peer's sign-in").click()
    expect(heading(page)).to_have_text("Unlock Priya Peer's sign-in")
    page.get_by_role("button", name="Unlock sign-in").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("I called them back on the number we hold for them").check()
    page.get_by_role("button", name="Unlock sign-in").click()
    expect(heading(page)).to_have_text("Your team's staff")
    expect(page.locator("main")).to_contain_text("Priya Peer's sign-in is unlocked")
    assert AccountRecovery.objects.get().done_by == world.manager
    # Named workers are a service admin's: the lists name people (managers: aggregates)
    expect(page.get_by_role("link", name="Named workers")).to_have_count(0)


def test_a_service_admin_finds_named_workers_team_by_team(page, world, password):
    sign_in_with_two_factor(page, world.service_admin, password)
    page.get_by_role("link", name="Staff and sign-ins").first.click()
    page.get_by_role("link", name="Named workers, team by team").click()
    expect(heading(page)).to_have_text("Named workers, team by team")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("link", name=world.team_b.name).click()
    expect(heading(page)).to_have_text(f"Named workers in {world.team_b.name}")
    expect(page.locator("main")).to_contain_text("No named worker")
    page.get_by_role("link", name="Change Quinn Taylor's named worker").click()
    page.get_by_role("button", name="Save").click()  # Quinn has no one: "No one" is chosen
    expect(page.locator("main")).to_contain_text("No one is Quinn Taylor's named worker")
    page.get_by_role("link", name="Change Quinn Taylor's named worker").click()
    expect(heading(page)).to_have_text("Quinn Taylor's named worker")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_label("Cleo Clinician").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Cleo Clinician is now Quinn Taylor's")
    assert_accessible_on_phone_and_laptop(page)
