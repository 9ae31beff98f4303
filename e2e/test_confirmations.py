"""Confirmations show once, on the page they belong to, and pass axe on a laptop and a
phone (issue 12: "Success messages … do not show on the page they belong to")."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor

pytestmark = pytest.mark.django_db(transaction=True)

BANNER = ".nhsuk-notification-banner[role='status']"


def heading(page):
    return page.get_by_role("heading", level=1)


def shown_once(page, text: str) -> None:
    banner = page.locator(BANNER)
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text(text)
    expect(page.get_by_text(text)).to_have_count(1)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_sees_their_confirmation_once_then_never_again(page, world, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Given Pat, signed in
    sign_in(page, world.pat_user, password)
    # When she saves her details
    page.goto("/my-record/change/")
    page.get_by_role("button", name="Save details").click()
    # Then her record says so, once, above its heading
    expect(heading(page)).to_have_text("Your record")
    shown_once(page, "Your details have been saved")
    assert_accessible(page)
    # And when she changes what her carer sees, her carers page says that instead
    page.goto(f"/my-record/carers/{world.carer_link.pk}/")
    page.get_by_role("button", name="Save what you share").click()
    shown_once(page, "has been saved")
    expect(page.get_by_text("Your details have been saved")).to_have_count(0)
    assert_accessible(page)
    # And the next page she opens has no confirmation left over
    page.goto("/my-record/")
    expect(page.locator(".nhsuk-notification-banner")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390])
def test_college_staff_see_their_confirmation_on_the_run(page, world, college, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Given Colette, College staff, on a course run
    sign_in_with_two_factor(page, world.college_staff, password)
    page.goto(f"/college/manage/runs/{college.run.pk}/places/")
    # When she changes the number of places
    page.get_by_label("Places").fill("12")
    page.get_by_role("button", name="Save places").click()
    # Then the run's page says so, once
    shown_once(page, "The course run now has 12 places")
    assert_accessible(page)
    # And the College's front page does not repeat it
    page.goto("/college/manage/")
    expect(page.locator(".nhsuk-notification-banner")).to_have_count(0)
