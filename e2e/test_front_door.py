"""The front door in a real browser: the pages load styled, work by keyboard, and pass axe."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_styled_and_accessible(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Hub")
    expect(page).to_have_title("Recovery Hub – NHS")
    header = page.locator("header.nhsuk-header")
    # NHS blue from NHS.UK frontend's stylesheet, so the CSS really loaded.
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 94, 184)"
    # NHS.UK frontend's JavaScript ran (it marks the body once it is supported).
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
    assert_accessible(page)


def test_sign_in_page_is_accessible_on_a_phone(phone):
    phone.goto("/sign-in/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in to Recovery Hub")
    assert_accessible(phone)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    # NHS.UK frontend's script moves focus to the main content; without it the
    # browser follows the link. Either way the skip link has done its job.
    page.wait_for_function(
        "location.hash === '#maincontent' || document.activeElement.id === 'maincontent'"
    )


def test_sign_in_with_the_keyboard_only(page, user, password):
    page.goto("/sign-in/")
    page.get_by_label("Email address").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_mistakes_are_summarised_focused_and_accessible(page):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(page).to_have_title("Error: Sign in to Recovery Hub – Recovery Hub – NHS")
    # The summary's link takes you to the field to fix.
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    assert_accessible(page)


def test_password_can_be_shown(page):
    page.goto("/sign-in/")
    field = page.get_by_label("Password", exact=True)
    field.fill("secret-words")
    page.get_by_role("button", name="Show password").click()
    expect(field).to_have_attribute("type", "text")


def test_sign_out_and_accessibility_statement_are_accessible(page, user, password):
    page.goto("/accessibility/")
    assert_accessible(page)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out of Recovery Hub")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)


def test_the_accessibility_check_catches_failures(page):
    # A control: if axe were not really running, every check above would pass vacuously.
    page.goto("/")
    page.evaluate("document.querySelector('h1').outerHTML = '<img src=\"x.png\">'")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
