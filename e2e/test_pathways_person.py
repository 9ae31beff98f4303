"""Pat finds a role on her pathway to volunteering and work, from her phone (strategy paras
34-37: "situating the Recovery College within a pathway towards employment").

On a phone-sized screen Pat opens her pathway, tells us a skill more about herself, reads
the roles suggested for her with why, shows interest in the peer support worker post
(first forgetting to agree to share it), is told it was sent and what happens next, and
withdraws it. axe-core checks every page on the way, and none scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE, assert_accessible, assert_fits, heading, sign_in
from recoveryhub.pathways.models import Interest, InterestStatus
from recoveryhub.pathways.testing import build_pathways

pytestmark = pytest.mark.django_db(transaction=True)

TRUST = "Cambridgeshire and Peterborough NHS Foundation Trust"
POST = "Peer support worker, Fenland"


def checked(page) -> None:
    assert_accessible(page)
    assert_fits(page)


def test_pat_shows_interest_in_a_role_suggested_for_her(page, world, password):
    pathways = build_pathways(world)
    page.set_viewport_size(PHONE)

    # Given Pat is signed in, on her pathway.
    sign_in(page, world.pat_user, password)
    page.goto("/pathways/mine/")
    heading(page, "Your pathway to volunteering and work")
    expect(page.get_by_text("Library assistant, March Library")).to_be_visible()
    checked(page)

    # She adds a skill she brings.
    page.get_by_role("link", name="Tell us about you", exact=False).click()
    heading(page, "About you")
    checked(page)
    page.get_by_label("Listening").check()
    page.get_by_role("button", name="Save").click()
    heading(page, "Your pathway to volunteering and work")
    expect(page.get_by_text("What you told us about you has been saved")).to_be_visible()
    checked(page)

    # She reads what is suggested for her, and why.
    page.get_by_role("link", name="Roles that might suit you").click()
    heading(page, "Roles that might suit you")
    expect(
        page.get_by_text("Matches 1 of 1 skill, in your area, weekday mornings")
    ).to_be_visible()
    checked(page)
    page.get_by_role("link", name=f"Show interest in {POST}").click()

    # She forgets to agree to share it: nothing is sent.
    heading(page, f"Show interest in {POST}")
    expect(page.get_by_label("How would you like them to contact you?")).to_have_value(
        "pat@example.com"
    )
    checked(page)
    page.get_by_label("Why does this interest you? (optional)").fill("I was a peer mentor.")
    page.get_by_role("button", name="Send my interest").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(f"Tick the box to agree to share this with {TRUST}")
    checked(page)
    assert not Interest.objects.filter(opportunity=pathways.peer_post).exists()
    page.get_by_label(
        f"I agree to share my name, how to contact me and what I wrote with {TRUST}"
    ).check()
    page.get_by_role("button", name="Send my interest").click()

    # Then she is told it was sent and what happens next; she can withdraw it.
    heading(page, f"Your interest in {POST}")
    expect(page.get_by_text(f"Your interest has been sent to {TRUST}")).to_be_visible()
    expect(page.get_by_text("You can withdraw it while you wait")).to_be_visible()
    checked(page)
    page.get_by_role("button", name="Withdraw my interest").click()
    expect(page.get_by_text(f"You have withdrawn your interest in {POST}")).to_be_visible()
    checked(page)
    interest = Interest.objects.get(opportunity=pathways.peer_post)
    assert (
        interest.status == InterestStatus.WITHDRAWN and interest.message == "I was a peer mentor."
    )
