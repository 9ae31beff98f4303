"""A worker registers someone referred to their team, from their home page by links: the
record we already hold is offered first, and every page passes axe on a laptop and on a
390 px phone, where nothing scrolls sideways."""

from datetime import date

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, assert_fits, sign_in_with_two_factor

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_worker_adds_someone_and_is_offered_the_record_we_hold(page, world, password):
    # Given Quinn Taylor, born 14 May 1988, on another team's caseload
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.get_by_role("link", name="Caseload", exact=True).first.click()
    page.get_by_role("button", name="Add someone referred to your team").click()
    expect(heading(page)).to_have_text("Add someone referred to your team")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert_fits(page)
    # Leaving out the name gets an error that takes focus
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible(page)
    # When she enters the referral, the name spelt and ordered differently
    page.get_by_label("Full name").fill("Tayler Quin")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1988")
    page.get_by_role("group", name="Will you be their named worker?").get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    # Then Quinn's record is offered before a new one is made
    expect(heading(page)).to_have_text("We may already hold a record for Tayler Quin")
    expect(page.locator(".nhsuk-card__heading")).to_have_text(["Quinn Taylor"])
    assert_accessible(page)
    assert_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    # And choosing it puts Quinn on her team's caseload, with her as named worker
    page.get_by_role("button", name="Add this record of Quinn Taylor to Fenland Adult").click()
    expect(heading(page)).to_have_text("Quinn Taylor")
    expect(page.locator(".nhsuk-notification-banner, .app-flash").first).to_contain_text(
        "Quinn Taylor is now on Fenland Adult Locality Team's caseload"
    )
    assert_accessible(page)
    assert world.quinn.caseload.current().get(team=world.team_a).worker == world.peer_worker


def test_a_worker_makes_a_new_record_when_none_is_the_person(page, world, password):
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in_with_two_factor(page, world.peer_worker, password)
    page.goto("/people/new/")
    page.get_by_label("Full name").fill("Quinn Tailor")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1988")
    page.get_by_role("group", name="Will you be their named worker?").get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    # Going back keeps what she typed
    page.get_by_role("button", name="Go back and change the details").click()
    expect(page.get_by_label("Full name")).to_have_value("Quinn Tailor")
    page.get_by_label("What they like to be called").fill("Q")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="None of these: make a new record").click()
    expect(heading(page)).to_have_text("Q Tailor")
    assert_accessible(page)
