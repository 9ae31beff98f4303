"""A visitor, not signed in, finds a Recovery College course with the keyboard only."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible
from recoveryhub.college import models as m
from recoveryhub.college.tests.test_prospectus import add_run

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `predicate` (a JS expression on `e`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


@pytest.fixture
def courses(college):
    """The College's two runs, plus an online evening course for carers."""
    carers = m.CurriculumArea.objects.create(name="Carers", slug="carers")
    run = add_run(
        college, "Caring for yourself too", area=carers, venues=[college.online],
        audience=m.Audience.CARERS,
    )  # fmt: skip
    # A cancelled session, which the run page marks.
    m.Session.objects.filter(run=college.run, number=3).update(
        cancelled_at=timezone.now(),
        cancelled_reason="The trainer is on leave",
    )
    return run


def test_a_visitor_filters_with_the_keyboard_and_reaches_a_run(page, college, courses):
    page.goto("/college/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a Recovery College course")
    expect(page.get_by_role("heading", name="3 courses match")).to_be_visible()
    assert_accessible(page)

    # Choose the Carers subject and online courses, then show them: keyboard only.
    tab_to(page, "e.type === 'checkbox' && e.name === 'area' && e.value === 'carers'")
    page.keyboard.press("Space")
    tab_to(page, "e.type === 'radio' && e.name === 'mode'")
    page.keyboard.press("ArrowDown")  # from "Online or in person" to "Online"
    expect(page.locator("input[name=mode][value=online]")).to_be_checked()
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Show courses'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="1 course matches your filters")).to_be_visible()
    assert "area=carers" in page.url and "mode=online" in page.url
    expect(page.locator("input[name=area][value=carers]")).to_be_checked()
    expect(page.locator("main")).to_contain_text("10 places left")
    assert_accessible(page)

    tab_to(page, "e.tagName === 'A' && e.textContent.trim() === 'Caring for yourself too'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Caring for yourself too")
    expect(page.get_by_role("button", name="Enrol on this course")).to_be_visible()
    expect(page.locator("main")).to_contain_text("peer trainer with lived experience")
    assert_accessible(page)


def test_run_page_with_a_cancelled_session_is_accessible(page, college, courses):
    page.goto(f"/college/runs/{college.run.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Understanding anxiety")
    expect(page.locator("main")).to_contain_text("The trainer is on leave")
    expect(page.get_by_role("link", name="Add these sessions to your calendar")).to_be_visible()
    assert_accessible(page)


def test_a_full_course_and_no_results_are_accessible(page, college, courses):
    m.CourseRun.objects.filter(pk=college.other_run.pk).update(capacity=1)
    m.Enrolment.objects.create(
        student=college.sam_student, run=college.other_run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=college.run.created_at,
    )  # fmt: skip
    page.goto(f"/college/runs/{college.other_run.pk}/")
    expect(page.get_by_role("button", name="Join the waiting list")).to_be_visible()
    assert_accessible(page)
    page.goto("/college/?day=sunday&time=evening&term=no-such-term")
    expect(page.get_by_role("heading", name="No courses match your filters")).to_be_visible()
    expect(page.locator("main")).to_contain_text("We could not use some of the filters")
    assert_accessible(page)


def test_prospectus_and_run_pages_on_a_phone(phone, college, courses):
    phone.goto("/college/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Find a Recovery College course")
    assert_accessible(phone)
    phone.goto("/college/?area=carers")
    assert_accessible(phone)
    phone.goto(f"/college/runs/{college.run.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Understanding anxiety")
    assert_accessible(phone)
    # Nothing is wider than the phone's screen (the sessions table included).
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
