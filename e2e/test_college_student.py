"""A member of the public finds a course, registers (opening the link we email them),
writes a learning plan and enrols, with the keyboard only; axe-core finds nothing on any
page on the way."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.conftest import assert_accessible
from recoveryhub.college.models import Enrolment, EnrolmentStatus, Student
from recoveryhub.college.tests.registering import LINK
from recoveryhub.jobs.services import run_queued

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "mossy-teapot-harbour-17"  # noqa: S105 (a test password)


def tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `predicate` (a JS expression on `e`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def by_id(name: str) -> str:
    return f"e.id === {name!r}"


def button(text: str) -> str:
    return f"e.tagName === 'BUTTON' && e.textContent.trim() === {text!r}"


def link(text: str) -> str:
    return f"e.tagName === 'A' && e.textContent.trim().startsWith({text!r})"


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, by_id(field_id))
    page.keyboard.type(text)


def h1(page):
    return page.get_by_role("heading", level=1)


def test_a_member_of_the_public_registers_plans_and_enrols_with_the_keyboard(page, college):
    run = college.run
    page.goto(f"/college/runs/{run.pk}/")
    expect(h1(page)).to_contain_text("Understanding anxiety")
    assert_accessible(page)
    tab_to(page, "e.tagName === 'A' && e.getAttribute('href').endsWith('/enrol/')")
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Enrol on Understanding anxiety")
    assert_accessible(page)
    tab_to(page, link("Become a student"))
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Become a student of the Recovery College")
    assert_accessible(page)
    # Sending it empty shows the errors, which are accessible too.
    tab_to(page, button("Become a student"))
    page.keyboard.press("Enter")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    type_into(page, "id_full_name", "Robin Newcomer")
    type_into(page, "id_preferred_name", "Rob")
    type_into(page, "id_email", "robin@example.com")
    tab_to(page, "e.name === 'student_type'")
    for _ in range(4):  # from the first answer down to "A member of the public"
        page.keyboard.press("ArrowDown")
    tab_to(page, "e.name === 'locality'")
    page.keyboard.press("Space")  # Fenland
    tab_to(page, button("Become a student"))
    page.keyboard.press("Enter")

    # Nothing is made until the emailed link is opened, by whoever reads that inbox.
    expect(h1(page)).to_have_text("Check your email")
    assert_accessible(page)
    assert not Student.objects.filter(email="robin@example.com").exists()
    run_queued()  # the job runner sends the email
    page.goto(LINK.search(mail.outbox[-1].body).group(1))

    expect(h1(page)).to_have_text("Choose a password")
    assert_accessible(page)
    type_into(page, "id_new_password1", NEW_PASSWORD)
    type_into(page, "id_new_password2", NEW_PASSWORD)
    tab_to(page, by_id("id_privacy_notice"))
    page.keyboard.press("Space")
    tab_to(page, button("Finish becoming a student"))
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Your learning plan")
    assert_accessible(page)
    student = Student.objects.get(email="robin@example.com")
    assert student.student_type == "public"
    assert student.locality == college.wisbech.locality
    type_into(page, "id_hopes", "To understand my anxiety")
    type_into(page, "id_wants_from_college", "Ways to manage it, and to meet people")
    type_into(page, "id_support_needs", "Handouts before the session")
    tab_to(page, button("Save my learning plan"))
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Check before you enrol")
    expect(page.locator("main")).to_contain_text("There is a place for you")
    assert_accessible(page)
    tab_to(page, button("Confirm and enrol"))
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Your place is confirmed")
    assert_accessible(page)
    enrolment = Enrolment.objects.get(student=student, run=run)
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    assert student.learning_plans.get().support_needs == "Handouts before the session"

    tab_to(page, link("See all your courses"))
    page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("Your courses")
    expect(page.locator("main")).to_contain_text("Next session:")
    assert_accessible(page)
    tab_to(page, link("Cancel your place"))
    page.keyboard.press("Enter")

    expect(h1(page)).to_have_text("Cancel your place?")
    assert_accessible(page)
    tab_to(page, button("Yes, cancel my place"))
    page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("Your courses")
    expect(page.locator("main")).to_contain_text("is cancelled")
    assert_accessible(page)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED
