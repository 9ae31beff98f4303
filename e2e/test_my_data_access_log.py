"""The record summary's access log, grouped by day (people/export), and the demo's NHS error
pages (core/demo_error_pages.py), in a real browser: accessible (axe) for each reader."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
PRINTED = "Rory Coach, recovery coach, Fenland Adult Locality Team, printed your record"


@pytest.fixture
def looked_at(world):
    from recoveryhub.core.access_log import record
    from recoveryhub.core.models import AccessAction

    record(actor=world.recovery_coach, person=world.pat, action=AccessAction.PRINT, route="/")
    return world


def test_the_person_reads_who_has_looked_by_day_in_their_summary(page, live_server, looked_at):
    signed_in(page, live_server, looked_at.pat_user)
    page.goto("/my-record/download/summary/")
    expect(
        page.get_by_role("heading", level=2, name="Who has looked at your record")
    ).to_be_visible()
    day = page.get_by_role("heading", level=3).last
    expect(day).to_be_visible()
    expect(page.get_by_text(PRINTED)).to_be_visible()
    assert_accessible(page)


def test_the_worker_prints_the_summary_with_its_access_log(page, looked_at, password):
    sign_in_with_two_factor(page, looked_at.recovery_coach, password)
    page.goto(f"/people/{looked_at.pat.pk}/print/")
    expect(page.get_by_text(PRINTED)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("who", [None, "pat_user"])
def test_the_demo_shows_the_nhs_not_found_page(page, live_server, world, settings, who):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    if who:
        signed_in(page, live_server, getattr(world, who))
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
