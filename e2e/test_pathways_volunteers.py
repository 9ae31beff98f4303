"""Bea says yes to a new volunteer and gets them ready to start (strategy paras 34-37:
volunteering with "the rich network of ... volunteering support organisations").

Quinn told Fenland Volunteer Centre he is interested in its community garden. Bea, its
volunteer coordinator (a partner), signs in with two-factor, opens the interest sent to
the garden, first tries "Not this time" without a reason (refused), then says yes; she
lands on Quinn's new placement, marks his reference done, finds him on her Volunteers
list getting ready, and approves Pat's hours. axe-core checks every page on the way,
on a phone and a laptop."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible_on_phone_and_laptop, heading, sign_in_with_two_factor
from recoveryhub.pathways import services
from recoveryhub.pathways.models import CheckState, HoursStatus, InterestStatus, Placement
from recoveryhub.pathways.testing import build_pathways

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field: str, day) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_bea_says_yes_and_gets_quinn_ready(page, world, password):
    pathways = build_pathways(world)
    interest = services.show_interest(
        world.quinn, pathways.garden, message="I grow herbs at home",
        contact_by="quinn@example.com", consent=True,
    )  # fmt: skip
    today = timezone.localdate()

    sign_in_with_two_factor(page, world.partner, password)
    page.goto(reverse("pathways:opportunity_interest", args=[pathways.garden.pk]))
    heading(page, "Interest in Community garden volunteer")
    expect(page.get_by_text("I grow herbs at home")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Answer Quinn about Community garden volunteer").click()
    heading(page, "Quinn Taylor's interest in Community garden volunteer")
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Not this time").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Tell them why, kindly and in a sentence or two")
    assert_accessible_on_phone_and_laptop(page)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.SENT

    page.get_by_role("button", name="Yes, go ahead").click()
    heading(page, "Quinn Taylor: Community garden volunteer")
    expect(page.get_by_text("You said yes to Quinn")).to_be_visible()
    expect(page.get_by_text("0 of 3 steps done")).to_be_visible()
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Change Reference 1").click()
    heading(page, "Reference 1")
    page.get_by_label("Done", exact=True).check()
    fill_date(page, "done_on", today)
    page.get_by_role("button", name="Save").click()
    heading(page, "Quinn Taylor: Community garden volunteer")
    expect(page.get_by_text("1 of 3 steps done")).to_be_visible()
    placement = Placement.objects.get(interest=interest)
    assert placement.checklist.get(label="Reference 1").state == CheckState.DONE

    page.goto(reverse("pathways:volunteers"))
    heading(page, "Volunteers")
    expect(page.get_by_role("table").first).to_contain_text("Quinn Taylor")
    assert_accessible_on_phone_and_laptop(page)

    page.get_by_role("link", name="Pat Jones").click()
    heading(page, "Pat Jones: Community garden volunteer")
    page.get_by_role("link", name="Approve or ask about").first.click()
    assert_accessible_on_phone_and_laptop(page)
    page.get_by_role("button", name="Approve these hours").click()
    expect(page.get_by_text("Pat's hours are approved")).to_be_visible()
    pathways.pat_hours.refresh_from_db()
    assert pathways.pat_hours.status == HoursStatus.APPROVED
