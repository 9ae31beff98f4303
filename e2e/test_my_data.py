"""'My data' pages in a real browser: accessible (axe), and printing leaves out the chrome."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_download_and_summary_pages_are_accessible(page, live_server, world):
    signed_in(page, live_server, world.pat_user)
    page.goto("/my-record/download/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    assert_accessible(page)
    page.get_by_role("link", name="Read your record summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub record")
    assert_accessible(page)


def test_printing_the_summary_shows_the_record_alone(page, live_server, world):
    signed_in(page, live_server, world.pat_user)
    page.goto("/my-record/download/summary/")
    page.emulate_media(media="print")
    expect(page.locator(".app-phase-banner")).to_be_hidden()
    expect(page.locator(".nhsuk-footer")).to_be_hidden()
    expect(page.locator(".app-no-print")).to_be_hidden()
    expect(page.get_by_role("heading", name="About you")).to_be_visible()
