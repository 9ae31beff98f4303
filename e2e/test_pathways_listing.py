"""Finding volunteering and work, and the pathways team adding a role to find.

Someone who has not signed in, on a phone, filters the public listing to step-free
volunteering and reads the community garden role: no partner's contact details, and how
to show interest privately. Colette, of the trust's pathways team, adds a role from her
pathways page, first trying to open it without naming a supervisor. axe-core checks every
page on the way, and none scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE, assert_accessible, assert_fits, heading, sign_in_with_two_factor
from recoveryhub.pathways.models import Opportunity, OpportunityStatus
from recoveryhub.pathways.testing import build_pathways

pytestmark = pytest.mark.django_db(transaction=True)


def checked(page) -> None:
    assert_accessible(page)
    assert_fits(page)


def test_someone_finds_step_free_volunteering_on_a_phone(page, world):
    build_pathways(world)
    page.set_viewport_size(PHONE)

    # Given the public listing, without signing in.
    page.goto("/pathways/", timeout=30_000)
    heading(page, "Find volunteering and work")
    expect(page.get_by_role("heading", name="4 opportunities match")).to_be_visible()
    checked(page)

    # When they choose step-free volunteering.
    page.get_by_label("Volunteering", exact=True).check()
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Show opportunities").click()

    # Then one role matches, and the filters they chose stay chosen.
    expect(page.get_by_role("heading", name="1 opportunity matches your filters")).to_be_visible()
    expect(page.get_by_label("Step-free access")).to_be_checked()
    checked(page)

    # And its page says what it involves and how to show interest, privately.
    page.get_by_role("link", name="Community garden volunteer").click()
    heading(page, "Community garden volunteer")
    expect(page.get_by_text("Growing vegetables with a friendly group")).to_be_visible()
    expect(
        page.get_by_text("Only Fenland Volunteer Centre sees that you are interested")
    ).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="sign in")).to_be_visible()
    assert "bea@partner.example" not in page.content()
    checked(page)


def test_the_pathways_team_adds_a_role(page, world, password):
    build_pathways(world)
    sign_in_with_two_factor(page, world.college_staff, password)

    page.goto("/pathways/manage/")
    heading(page, "Pathways to volunteering and work")
    checked(page)
    page.get_by_role("link", name="Add an opportunity").click()
    heading(page, "Add an opportunity")
    checked(page)

    # Colette tries to open a volunteering role before naming its supervisor.
    page.get_by_label("Title", exact=True).fill("Ward befriender")
    page.get_by_label("Volunteering", exact=True).check()
    page.get_by_label("What it involves").fill("Spending time with people on the ward.")
    page.get_by_label("When, in words").fill("Thursday afternoons")
    page.get_by_label("Open: listed").check()
    page.get_by_role("button", name="Add the opportunity").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Name who supervises the role before you open it")
    checked(page)
    assert not Opportunity.objects.filter(title="Ward befriender").exists()

    # She names herself, and the role is open.
    page.get_by_label("Supervisor", exact=True).select_option(
        label="Colette College (the trust's pathways team)"
    )
    page.get_by_role("button", name="Add the opportunity").click()
    heading(page, "Ward befriender")
    expect(page.get_by_text("Ward befriender is added: Open: listed")).to_be_visible()
    checked(page)
    added = Opportunity.objects.get(title="Ward befriender")
    assert added.status == OpportunityStatus.OPEN and added.supervisor == world.college_staff
