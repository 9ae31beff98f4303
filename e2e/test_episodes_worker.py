"""A recovery coach triages a referral, records a contact and ends the episode well.

Rory signs in with two-factor, opens his team's referrals from the header, accepts Pat's
GP referral for reablement starting now, records a phone call with her, and ends the
episode with Pat's view; the episode page then shows the open-door pass she was given.
axe-core checks every page on the way, and the last one at a phone's width too.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.core.presenters import long_date
from recoveryhub.episodes.models import Contact, Ending, OpenDoorPass, Status
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coach_triages_a_referral_and_ends_the_episode_with_a_pass(page, world, password):
    episodes = build_episodes(world)

    # Given Rory's team has Pat's GP referral waiting
    sign_in_with_two_factor(page, world.recovery_coach, password)
    page.locator("header").get_by_role("link", name="Referrals", exact=True).click()
    heading(page, "Referrals waiting: Fenland Adult Locality Team")
    expect(page.get_by_role("table")).to_contain_text("GP: Dr Amir Shah, North Brink Surgery")
    assert_accessible(page)

    # When he opens it and accepts it without saying what she will have, he is told
    page.get_by_role("table").get_by_role("link", name="Pat Jones").click()
    heading(page, "Referral: Pat Jones")
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    heading(page, "Accept the referral")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the referral").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select what they will have")
    assert_accessible(page)

    # And when he accepts it for reablement, starting now, with himself named
    page.get_by_label("Mental health reablement (6 weeks)").check()
    expect(page.get_by_label("Start now")).to_be_checked()
    page.get_by_label("Named worker").select_option(label="Rory Coach")
    page.get_by_role("button", name="Accept the referral").click()
    heading(page, "Mental health reablement: Pat Jones")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "The referral is accepted: Pat's mental health reablement is active"
    )
    assert_accessible(page)
    episodes.pat_referral.refresh_from_db()
    episode = episodes.pat_referral.episode
    assert episode.status == Status.ACTIVE and episode.worker == world.recovery_coach

    # Then he records a phone call, written for Pat to read
    page.get_by_role("link", name="Record a contact").click()
    heading(page, "Record a contact")
    assert_accessible(page)
    page.get_by_label("Phone call").check()
    page.get_by_label("Note").fill("We agreed to walk to the shops on Friday.")
    page.get_by_role("button", name="Record the contact").click()
    heading(page, "Mental health reablement: Pat Jones")
    contacts = page.get_by_role("table", name="Contacts, newest first")
    expect(contacts).to_contain_text("We agreed to walk to the shops on Friday.")
    assert Contact.objects.filter(episode=episode).count() == 1

    # And he ends the episode with Pat's view
    page.get_by_role("link", name="End the episode").click()
    heading(page, "End the episode")
    assert_accessible(page)
    page.get_by_label("Goals met").check()
    page.get_by_label("What does Pat say about how it went?").fill("I feel ready now.")
    page.get_by_label("No further support").check()
    page.get_by_label("Recovery College").check()
    page.get_by_role("button", name="End the episode").click()

    # Then the episode shows how it ended and the open-door pass Pat was given
    heading(page, "Mental health reablement: Pat Jones")
    door = OpenDoorPass.objects.get(episode=episode)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        f"Pat has an open-door pass until {long_date(door.valid_until)}"
    )
    expect(page.get_by_role("heading", name="Open-door pass")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ended by goals")
    expect(page.locator("main")).to_contain_text("I feel ready now.")
    expect(page.get_by_role("link", name="End the episode")).to_have_count(0)
    assert Ending.objects.get(episode=episode).handover_college
    assert_accessible_on_phone_and_laptop(page)
