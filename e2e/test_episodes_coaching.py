"""A recovery coach helps Pat move out of our services and back to her GP (strategy paras
17-20, 45: coaches "support individuals out of services").

Rory, Pat's recovery coach, signs in with two-factor, opens his coaching caseload from the
menu, opens Pat's move, marks "Wrote to the GP" done (after a date in the future is
refused) and adds the community group he linked her to. axe-core checks every page on the
way, and the move page once more on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import (
    assert_accessible,
    assert_accessible_on_phone_and_laptop,
    heading,
    sign_in_with_two_factor,
)
from recoveryhub.episodes.models import CommunityLink, MoveStep, MoveStepDone
from recoveryhub.episodes.testing import build_episodes

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_a_coach_marks_a_step_of_pats_move_and_links_her_to_a_group(page, world, password):
    episode = build_episodes(world).pat_active
    today = timezone.localdate()

    sign_in_with_two_factor(page, world.recovery_coach, password)
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Coaching", exact=True).click()
    heading(page, "Your coaching caseload")
    expect(page.get_by_role("table")).to_contain_text("Next: agree the move back to the GP")
    assert_accessible(page)

    page.get_by_role("link", name="0 of 6 steps done for Pat Jones").click()
    heading(page, "Pat's move back to the GP")
    assert_accessible(page)

    page.get_by_role("link", name="Wrote to the GP").click()
    heading(page, "Wrote to the GP")
    assert_accessible(page)
    fill_date(page, "done_on", today + timedelta(days=1))
    page.get_by_role("button", name="Mark as done").click()
    expect(page).to_have_title("Error: Wrote to the GP – Recovery Hub – NHS")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The date it was done must be today or in the past"
    )
    assert_accessible(page)
    assert not MoveStepDone.objects.exists()
    fill_date(page, "done_on", today)
    page.get_by_role("button", name="Mark as done").click()
    heading(page, "Pat's move back to the GP")
    expect(page.locator("main")).to_contain_text("Wrote to the GP: marked as done")
    step = page.locator(".nhsuk-task-list__item", has_text="Wrote to the GP")
    expect(step).to_contain_text("Done on")
    assert_accessible(page)
    assert MoveStepDone.objects.get(episode=episode).step == MoveStep.GP_LETTER

    page.get_by_role("button", name="Add a community group").click()
    heading(page, "Add a community group")
    assert_accessible(page)
    page.get_by_label("Name of the group").fill("Wisbech walking group")
    page.get_by_label("What it offers, and where (optional)").fill(
        "A gentle walk on Tuesdays at 10am, from Wisbech library"
    )
    page.get_by_role("button", name="Add the group").click()
    heading(page, "Pat's move back to the GP")
    expect(page.get_by_role("table")).to_contain_text("Wisbech walking group")
    assert CommunityLink.objects.get(episode=episode).linked_on == today
    assert_accessible_on_phone_and_laptop(page)
