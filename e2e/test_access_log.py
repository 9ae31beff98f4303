"""'Who has looked at your record' in a real browser, as the person, on a desktop and a phone:
one plain sentence per thing done, a heading for each day, accessible (axe)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, signed_in
from recoveryhub.core.access_log import record

pytestmark = pytest.mark.django_db(transaction=True)


def a_week_of_looks(world):
    now = timezone.now()
    for days_ago in range(9):
        for who, action in [(world.peer_worker, "view"), (world.clinician, "print")]:
            with mock.patch("django.utils.timezone.now", return_value=now - timedelta(days_ago)):
                record(actor=who, person=world.pat, action=action, route="/")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_person_reads_who_has_looked_by_day(page, live_server, world, width):
    a_week_of_looks(world)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, live_server, world.pat_user)
    page.goto("/my-record/who-has-looked/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at your record")
    expect(page.locator("main").get_by_role("heading", level=2).first).to_have_text(
        f"{timezone.localdate():%A} {timezone.localdate().day} {timezone.localdate():%B %Y}"
    )
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_count(7)
    expect(
        page.get_by_text(
            "Priya Peer, peer worker, Fenland Adult Locality Team, looked at your record"
        )
    ).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page.locator("main").get_by_role("heading", level=2)).to_have_count(2)
    assert_accessible(page)


def test_an_empty_log_says_so(page, live_server, world):
    signed_in(page, live_server, world.pat_user)
    page.goto("/my-record/who-has-looked/")
    expect(page.get_by_text("No one else has looked at your record yet.")).to_be_visible()
    assert_accessible(page)
