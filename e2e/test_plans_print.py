"""A printed recovery and wellbeing plan in Chromium's print preview: the header and
navigation are left out, the crisis contacts come first, and axe finds nothing on the
page on screen or as printed. The print preview is kept at /tmp/plans-print.png."""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in
from recoveryhub.plans import services

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOT = Path(tempfile.gettempdir()) / "plans-print.png"  # for people to look at


def test_the_printed_recovery_plan(page, world, plans, password):
    services.save_plan(
        plans.pat_plan,
        by=world.pat_user,
        things_that_help="Music, a walk by the river, a phone call with my sister",
        early_warning_signs="Sleeping badly\nNot answering the phone",
        crisis_plan="Ask Chris to call my recovery coach. Keep to my routine.",
    )
    sign_in(page, world.pat_user, password)
    page.goto(reverse("plans:print"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery and wellbeing plan")
    header = page.locator(".nhsuk-header")
    navigation = page.locator(".nhsuk-header__navigation")
    expect(header).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(header).to_be_hidden()
    expect(navigation).to_be_hidden()
    expect(page.get_by_role("link", name="Download this plan as a PDF")).to_be_hidden()
    crisis = page.get_by_role("heading", name="Who to contact in a crisis")
    expect(crisis).to_be_visible()
    assert crisis.bounding_box()["y"] < page.get_by_text("What keeps me well").bounding_box()["y"]
    expect(page.get_by_text("Visit once with Chris")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_sharing_and_the_carers_read_only_pages_are_accessible(page, world, plans, password):
    sign_in(page, world.pat_user, password)
    page.goto(reverse("plans:sharing"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Who can see your plans")
    assert_accessible(page)
    page.get_by_label("Positive risk-taking plan: Living on my own again").uncheck()
    page.get_by_role("button", name="Save who can see your plans").click()
    expect(page.get_by_text("Who can see your plans has been saved")).to_be_visible()
    assert_accessible(page)

    world.carer_link.shares_plans = True
    world.carer_link.save()
    page.context.clear_cookies()
    sign_in(page, world.carer_user, password)
    for url in (
        reverse("plans:cared_for_plans", args=[world.pat.pk]),
        reverse("plans:cared_for_plan", args=[world.pat.pk]),
        reverse("plans:person_print", args=[world.pat.pk]),
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(reverse("plans:cared_for_plans", args=[world.pat.pk]))
    expect(page.get_by_text("Living on my own again")).to_have_count(0)
