"""A trainer marks a register on a phone; every teaching page passes axe-core.

Given Tariq teaches a course whose first session is today, with Pat and Sam on it,
when he signs in (with two-factor) on a 375 by 812 phone and marks the register, some
students first and then "everyone present", then the marks are saved, the page never
scrolls sideways, and axe finds nothing.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import assert_accessible, two_factor_code
from recoveryhub.college.models import Attendance, CourseFeedback, Mark
from recoveryhub.college.tests.test_teaching_support import add_student, later_today, shift

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, password, *, two_factor: bool) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if two_factor:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Enter the code from your authenticator app"
        )
        page.get_by_label("Security code").fill(two_factor_code(user.totp_device))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Recovery Hub")


def assert_fits_the_screen(page) -> None:
    """Nothing makes the page scroll sideways on a narrow phone."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_a_trainer_marks_a_register_on_a_phone(phone, world, college, password):
    page = phone
    session = college.sessions[0]
    session.starts_at = later_today()
    session.ends_at = session.starts_at + timedelta(minutes=30)
    session.save()
    sam = add_student(college.run, "Sam Smith")
    sign_in(page, world.trainer, password, two_factor=True)

    page.goto("/college/teaching/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teaching")
    check(page)
    # The link's hidden words say which run it is when there are several of a course.
    page.get_by_role("link", name=re.compile(r"^Understanding anxiety\W+Spring 2027$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Understanding anxiety: students and registers"
    )
    expect(page.locator("main")).to_contain_text("Large print handouts, please")
    check(page)

    page.get_by_role("link", name="Mark the register for session 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for session 1")
    check(page)
    # Saving with no one marked shows an error that is accessible too.
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Mark at least one student")
    check(page)
    # The radios are big enough to tap (NHS.UK radios are 40 by 40 pixels).
    radio = page.get_by_role("group", name="Sam Smith").locator(".nhsuk-radios__input").first
    box = radio.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    # Some marks now (issue 12: a register saves with students still unmarked)...
    page.get_by_role("group", name="Sam Smith").get_by_label("Apologies").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator("main")).to_contain_text("Register saved for session 1")
    assert dict(Attendance.objects.values_list("enrolment_id", "mark")) == {sam.pk: Mark.APOLOGIES}
    # ...and everyone else present in one press.
    page.goto(f"/college/teaching/sessions/{session.pk}/register/")
    page.get_by_role("button", name="Mark everyone present").click()

    expect(page.locator("main")).to_contain_text("Register saved for session 1")
    check(page)
    marks = dict(Attendance.objects.values_list("enrolment_id", "mark"))
    assert marks == {college.pat_enrolment.pk: Mark.PRESENT, sam.pk: Mark.APOLOGIES}

    page.goto(f"/college/teaching/runs/{college.run.pk}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback on Understanding anxiety")
    check(page)
    # A session still to come says when its register opens.
    page.goto(f"/college/teaching/sessions/{college.sessions[1].pk}/register/")
    expect(page.locator("main")).to_contain_text("has not happened yet")
    check(page)


def test_a_students_certificate_and_feedback_pages_are_accessible(page, world, college, password):
    sign_in(page, world.pat_user, password, two_factor=False)
    page.goto(f"/college/places/{college.pat_enrolment.pk}/certificate.pdf")
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate yet")
    assert_accessible(page)
    page.goto(f"/college/places/{college.pat_enrolment.pk}/feedback/")
    expect(page.locator("main")).to_contain_text("after the last session")
    assert_accessible(page)

    shift(college.run, 35)  # the course is over
    page.goto(f"/college/places/{college.pat_enrolment.pk}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your feedback on Understanding anxiety"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Very useful").check()
    page.get_by_label("Yes").check()
    page.get_by_label("What would you change about the course? (optional)").fill("More breaks")
    page.get_by_role("button", name="Send feedback").click()
    assert CourseFeedback.objects.get().what_to_change == "More breaks"


def test_college_staff_results_pages_are_accessible(page, world, college, password):
    now = timezone.now()
    for n in range(5):
        enrolment = add_student(college.run, f"Giver{n} Feedback", plan=False)
        CourseFeedback.objects.create(
            enrolment=enrolment, usefulness=4, would_recommend="yes",
            what_to_change=f"Idea {n}", submitted_at=now,
        )  # fmt: skip
    sign_in(page, world.college_staff, password, two_factor=True)
    page.goto(f"/college/courses/{college.course.slug}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Feedback on Understanding anxiety: every run"
    )
    expect(page.locator("main")).to_contain_text("Idea 3")
    assert_accessible(page)
    page.goto(f"/college/teaching/runs/{college.run.pk}/")
    expect(page.locator("main")).to_contain_text("Large print handouts, please")
    assert_accessible(page)
