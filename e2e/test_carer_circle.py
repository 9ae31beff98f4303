"""A carer's circle in a real browser, at desktop and phone widths: Chris opens Pat's page,
sees her team's contact details and crisis help, follows the link to the College courses
she shares with him; Pat sees "Your team" on her record; a manager reads safety flags by
team. axe-core checks each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.people import services
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 390]


@pytest.fixture
def circle(world, college):
    Team.objects.filter(pk=world.team_a.pk).update(
        phone="01632 960123",
        email="fenland-adult@trust.example",
        opening_hours="Monday to Friday, 9am to 5pm",
        address="1 Station Road\nMarch",
    )
    services.set_carer_sharing(
        world.carer_link, actor=world.pat_user, shared={"shares_plans", "shares_college"}
    )
    return world


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_carer_sees_courses_team_and_crisis_help(page, circle, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, circle.carer_user, password, goto_timeout=30_000)
    page.goto(reverse("people:caring_for"))
    page.get_by_role("link", name="Pat", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Jones")
    expect(page.get_by_role("heading", name="If Pat needs help now")).to_be_visible()
    expect(page.get_by_text("116 123")).to_be_visible()
    expect(page.get_by_role("heading", name="Pat's team")).to_be_visible()
    expect(page.get_by_text("01632 960123")).to_be_visible()
    assert_accessible(page)
    no_sideways_scroll(page)

    page.get_by_role("link", name="See Pat's Recovery College courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat's Recovery College courses")
    expect(page.get_by_role("heading", name="Understanding anxiety").first).to_be_visible()
    expect(page.get_by_text("Place confirmed").first).to_be_visible()
    expect(page.get_by_text("Large print handouts")).to_have_count(0)  # her learning plan
    assert_accessible(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_person_sees_your_team(page, circle, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, circle.pat_user, password, goto_timeout=30_000)
    page.goto(reverse("people:my_record"))
    expect(page.get_by_role("heading", name="Your team")).to_be_visible()
    expect(page.get_by_text("fenland-adult@trust.example")).to_be_visible()
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    assert_accessible(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_manager_reads_safety_flags_by_team(page, world, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_two_factor(page, world.manager, password)
    page.get_by_role("link", name="Safety flags").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety flags by team")
    expect(page.get_by_role("rowheader", name="All teams")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Period").select_option("26")
    page.get_by_role("button", name="Show flags").click()
    expect(page.get_by_label("Period")).to_have_value("26")
    assert_accessible(page)
