"""Someone with a place is told so, not offered "Enrol"; a refusal never says there is a
place (issue 12). Each page passes axe for the role that reaches it, on a laptop and a
phone."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in, sign_in_with_two_factor
from recoveryhub.college.models import Audience

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_student_with_a_place_is_shown_it(page, world, college, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Given Pat, who has a place on the run
    sign_in(page, world.pat_user, password)
    # When she opens the run's page
    page.goto(f"/college/runs/{college.run.pk}/")
    # Then it says she has a place and links to it, with no "Enrol" button
    expect(page.get_by_text("You have a place on this course")).to_be_visible()
    expect(page.get_by_role("link", name="Enrol on this course")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="See your place").click()
    expect(heading(page)).to_have_text("Your place is confirmed")
    # And the enrol page, opened by its address, says the same
    page.goto(f"/college/runs/{college.run.pk}/enrol/")
    expect(heading(page)).to_have_text("You have a place on this course")
    expect(page.get_by_text("There is a place for you")).to_have_count(0)
    assert_accessible(page)


def test_a_refused_student_is_not_told_there_is_a_place(page, world, college, password):
    college.course.audience = Audience.CARERS
    college.course.save()
    sign_in(page, world.student, password)
    page.goto(f"/college/runs/{college.run.pk}/enrol/")
    expect(heading(page)).to_have_text("You cannot enrol on this course")
    expect(page.get_by_text("There is a place for you")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_college_staff_see_who_has_a_place(page, world, college, password, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_two_factor(page, world.college_staff, password)
    page.goto(f"/college/manage/runs/{college.run.pk}/enrol/?q=Pat")
    expect(page.get_by_role("link", name="Has a place")).to_be_visible()
    expect(page.get_by_role("button", name="Enrol")).to_have_count(0)
    assert_accessible(page)
