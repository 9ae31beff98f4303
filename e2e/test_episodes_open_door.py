"""Pat comes back through her open door from her phone (strategy para 19: "quick re-access
if required").

Pat finished a reablement episode with her team and was given an open-door pass. On a
phone-sized screen she goes from her home page to her support by the header menu, sees
her open door, uses it (first forgetting to say what she would like help with), and is
told what happens next. axe-core checks every page on the way, and none scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE, assert_accessible, assert_fits, heading, sign_in
from recoveryhub.episodes.models import Referral, Source
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db(transaction=True)

TEAM = "Fenland Adult Locality Team"


def checked(page) -> None:
    assert_accessible(page)
    assert_fits(page)


def follow_menu_link(page, name: str) -> None:
    """The header's link; on a phone the NHS header may fold it behind its "More" button."""
    menu = page.locator(".nhsuk-header__navigation")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.count() or not link.first.is_visible():
        menu.locator(".nhsuk-header__menu-toggle").click()
    link.first.click()


def test_pat_uses_her_open_door_from_her_phone(page, world, password):
    world.team_a.phone = "01945 000 111"
    world.team_a.opening_hours = "Monday to Friday, 9am to 5pm"
    world.team_a.save()
    episodes = build_episodes(world)
    page.set_viewport_size(PHONE)

    # Given Pat is signed in, on her home page.
    sign_in(page, world.pat_user, password)
    checked(page)

    # When she follows "Your support" in the menu, she sees her open door.
    follow_menu_link(page, "Your support")
    heading(page, "Your support from our teams")
    door = page.locator(".nhsuk-card--feature")
    expect(door).to_contain_text(f"Your open door back to {TEAM}")
    expect(door).to_contain_text("you can come back without seeing your GP first")
    expect(door).to_contain_text("01945 000 111")
    checked(page)

    # She uses it, first forgetting to say what she would like help with.
    door.get_by_role("button", name="Use your open door").click()  # a link drawn as a button
    heading(page, f"Use your open door back to {TEAM}")
    checked(page)
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_title(f"Error: Use your open door back to {TEAM} – Recovery Hub – NHS")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter what you would like help with")
    checked(page)
    assert not Referral.objects.filter(source=Source.OPEN_DOOR).exists()
    summary.get_by_role("link", name="Enter what you would like help with").click()
    expect(page.get_by_label("What would you like help with?")).to_be_focused()
    page.get_by_label("What would you like help with?").fill(
        "My mood has dropped since the winter and I have stopped going out again."
    )
    page.get_by_role("button", name="Send my request").click()

    # Then she is told what happens next, and where help is if she needs it now.
    heading(page, "We have your request")
    expect(page.get_by_text("looked at before others")).to_be_visible()
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    checked(page)
    referral = Referral.objects.get(source=Source.OPEN_DOOR)
    assert referral.follows_episode_id == episodes.pat_finished.pk
    assert referral.created_by_id == world.pat_user.pk

    # And her support page now says she has used it.
    page.get_by_role("link", name="See your support from our teams").click()
    heading(page, "Your support from our teams")
    expect(page.get_by_text(f"You used your open door back to {TEAM} on")).to_be_visible()
    expect(page.get_by_text("Use your open door")).to_have_count(0)
    checked(page)
