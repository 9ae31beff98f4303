"""College staff sign in (two-factor included), visit every page they run the College
from, and set up a run: add it, give it a peer and a practitioner trainer and all its
sessions, and publish it, with the keyboard only. axe-core checks every page on the way."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, sign_in_with_two_factor
from recoveryhub.college import models as m

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `predicate` (a JS expression on `e`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def tab_to_field(page, field_id: str) -> None:
    tab_to(page, f"e.id === {field_id!r}")


def type_into(page, field_id: str, text: str) -> None:
    tab_to_field(page, field_id)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press_button(page, text: str) -> None:
    tab_to(page, f"e.tagName === 'BUTTON' && e.textContent.trim() === {text!r}")
    page.keyboard.press("Enter")


def follow_link(page, text: str) -> None:
    tab_to(page, f"e.tagName === 'A' && e.textContent.trim().startsWith({text!r})")
    page.keyboard.press("Enter")


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_every_college_staff_page_is_accessible(page, world, college, password):
    sign_in_with_two_factor(page, world.college_staff, password)
    run, pat = college.run, college.pat_student
    pages = [
        reverse("college:manage"),
        reverse("college:manage_terms"),
        reverse("college:manage_term_add"),
        reverse("college:manage_term_change", args=[college.term.pk]),
        reverse("college:manage_areas"),
        reverse("college:manage_area_add"),
        reverse("college:manage_courses"),
        reverse("college:manage_course_add"),
        reverse("college:manage_course_change", args=[college.course.pk]),
        reverse("college:manage_venues"),
        reverse("college:manage_venue_add"),
        reverse("college:manage_venue_change", args=[college.wisbech.pk]),
        reverse("college:manage_run_add"),
        reverse("college:manage_run", args=[run.pk]),
        reverse("college:manage_run_trainer_add", args=[run.pk]),
        reverse("college:manage_run_session_add", args=[run.pk]),
        reverse("college:manage_session_cancel", args=[college.sessions[0].pk]),
        reverse("college:manage_run_capacity", args=[run.pk]),
        reverse("college:manage_run_publish", args=[run.pk]),
        reverse("college:manage_run_cancel", args=[run.pk]),
        reverse("college:manage_run_enrolments", args=[run.pk]),
        reverse("college:manage_run_enrol", args=[run.pk]) + "?q=sam",
        reverse("college:manage_run_enrol_new", args=[run.pk]),
        reverse("college:manage_enrolment_cancel", args=[college.pat_enrolment.pk]),
        reverse("college:manage_students") + "?q=pat",
        reverse("college:manage_student", args=[pat.pk]),
    ]
    for href in pages:
        response = page.goto(href)
        assert response.status == 200, f"{href} gave {response.status}"
        assert page.locator("h1").count() == 1, href
        assert_accessible(page)
    # A form with errors, too: the summary takes focus and passes axe.
    page.goto(reverse("college:manage_venue_add"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible(page)


def test_college_staff_set_up_and_publish_a_run_with_the_keyboard(page, world, college, password):
    sign_in_with_two_factor(page, world.college_staff, password)
    page.goto(reverse("college:manage"))
    heading(page, "Recovery College: Spring 2027")

    # Add a run.
    follow_link(page, "Add a course run")
    heading(page, "Add a course run")
    tab_to_field(page, "id_course")
    page.keyboard.type("Understanding")
    tab_to_field(page, "id_term")
    page.keyboard.type("Spring")
    type_into(page, "id_capacity", "12")
    type_into(page, "id_materials_pence", "30.00")
    press_button(page, "Add course run")
    heading(page, "Understanding anxiety, Spring 2027")
    run = m.CourseRun.objects.exclude(pk__in=[college.run.pk, college.other_run.pk]).get()
    assert (run.status, run.capacity, run.materials_pence) == ("draft", 12, 3000)
    assert_accessible(page)

    # Publishing too soon shows what is missing, in an error summary.
    follow_link(page, "Publish this course run")
    heading(page, "Publish this course run")
    press_button(page, "Publish course run")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Add a peer trainer with lived experience before publishing"
    )
    assert_accessible(page)
    page.goto(reverse("college:manage_run", args=[run.pk]))

    # Its trainers: a practitioner and a peer.
    for name in ["Tariq", "Petra"]:
        follow_link(page, "Add a trainer")
        heading(page, "Add a trainer")
        tab_to_field(page, "id_trainer")
        page.keyboard.type(name)
        press_button(page, "Add trainer")
        heading(page, "Understanding anxiety, Spring 2027")
        expect(page.locator("main")).to_contain_text(f"{name}")

    # All four sessions, weekly, well clear of the trainers' other runs.
    first = timezone.localdate() + timedelta(days=40)
    for n in range(4):
        day = first + timedelta(weeks=n)
        follow_link(page, "Add a session")
        heading(page, "Add a session")
        if n == 0:
            assert_accessible(page)
        type_into(page, "id_date_0", str(day.day))
        type_into(page, "id_date_1", str(day.month))
        type_into(page, "id_date_2", str(day.year))
        type_into(page, "id_starts", "14:00")
        type_into(page, "id_ends", "16:00")
        tab_to_field(page, "id_venue")
        page.keyboard.type("Wisbech")
        press_button(page, "Add session")
        heading(page, "Understanding anxiety, Spring 2027")
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            f"Session {n + 1} has been added"
        )
    assert run.sessions.count() == 4
    assert_accessible(page)

    # Publish.
    follow_link(page, "Publish this course run")
    expect(page.locator("main")).to_contain_text("ready to publish")
    assert_accessible(page)
    press_button(page, "Publish course run")
    heading(page, "Understanding anxiety, Spring 2027")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("is published")
    run.refresh_from_db()
    assert run.status == m.RunStatus.PUBLISHED
    assert_accessible(page)
