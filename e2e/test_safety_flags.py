"""Safety flags in a real browser, at desktop and phone widths: Pat answers PHQ-9
question 9 and sees crisis help; her carer sees crisis help in his words; a worker on
her team (two-factor included) sees the flag on their home page and caseload, and
acknowledges it with what was done. axe-core checks each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.measures import catalogue, services

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]


@pytest.fixture
def flagged(world):
    check_in = services.start_check_in(world.pat, "phq9", actor=world.pat_user)
    for item in catalogue.get("phq9").items:
        value = 3 if item.code == "phq9_9" else 0
        services.answer(check_in, item.code, value, actor=world.pat_user)
    services.complete(check_in, actor=world.pat_user)
    return check_in


@pytest.mark.parametrize("width", WIDTHS)
def test_pat_and_her_carer_see_crisis_help(page, world, flagged, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, world.pat_user, password, goto_timeout=30_000)
    page.goto(reverse("measures:result", args=[flagged.pk]))
    expect(
        page.get_by_text("Your named worker and your team will see your answer")
    ).to_be_visible()
    expect(page.get_by_text("Check-ins are not watched all the time")).to_be_visible()
    assert_accessible(page)
    world.carer_link.shares_check_ins = True
    world.carer_link.save()
    page.context.clear_cookies()  # sign out
    sign_in(page, world.carer_user, password, goto_timeout=30_000)
    page.goto(reverse("measures:result", args=[flagged.pk]))
    expect(page.get_by_role("heading", name="If Pat needs help now")).to_be_visible()
    expect(page.get_by_text("Review safety with Pat")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_worker_sees_and_acknowledges_a_flag(page, world, flagged, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_two_factor(page, world.recovery_coach, password)
    expect(page.get_by_role("heading", name="Safety flags to act on")).to_be_visible()
    expect(page.get_by_text("(you are the named worker)")).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("people:caseload"))
    expect(page.get_by_text("Open", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="review the safety flag for Pat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety flag: Pat Jones")
    assert_accessible(page)

    page.get_by_role("button", name="Acknowledge the flag").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What was done").fill("Rang Pat; we agreed her safety plan together.")
    page.get_by_role("button", name="Acknowledge the flag").click()
    expect(page.get_by_text("Acknowledged by Rory Coach")).to_be_visible()
    assert_accessible(page)

    page.goto("/")
    expect(page.get_by_role("heading", name="Safety flags to act on")).to_have_count(0)
