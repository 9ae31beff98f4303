"""Issue 12, College: a register on a 390 px phone with "Mark everyone present", and the
staff and money tables that fit their page (wide ones scroll in their own box).

Given Tariq teaches a run whose first session is today, when he marks one student and
presses "Mark everyone present" on a 390 by 844 phone, then everyone is marked, the
page never scrolls sideways, and axe finds nothing. College staff see the run, the
enrolments and the term's money without the page scrolling sideways at 1280 or 390 px.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import sign_in_with_two_factor
from e2e.test_college_trainer import check, sign_in
from recoveryhub.college.models import Attendance, Mark
from recoveryhub.college.tests.test_teaching_support import add_student, later_today

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_register_marks_everyone_present_on_a_390px_phone(page, world, college, password):
    page.set_viewport_size({"width": 390, "height": 844})
    session = college.sessions[0]
    session.starts_at = later_today()
    session.ends_at = session.starts_at + timedelta(minutes=30)
    session.save()
    sam = add_student(college.run, "Sam Smith")
    sign_in(page, world.trainer, password, two_factor=True)
    page.goto(reverse("college:session_register", args=[session.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for session 1")
    check(page)
    page.get_by_role("group", name="Sam Smith").get_by_label("Absent").check()
    page.get_by_role("button", name="Mark everyone present").click()
    expect(page.locator("main")).to_contain_text("Register saved for session 1")
    check(page)
    marks = dict(Attendance.objects.values_list("enrolment_id", "mark"))
    assert marks == {college.pat_enrolment.pk: Mark.PRESENT, sam.pk: Mark.ABSENT}


STAFF_PAGES = [
    ("college:manage", None),
    ("college:manage_run", "run"),
    ("college:manage_run_enrol", "run"),
    ("college:manage_run_enrolments", "run"),
    ("college:money", "term"),
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("name", "arg"), STAFF_PAGES)
def test_staff_and_money_tables_fit_the_page(page, world, college, password, width, name, arg):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_two_factor(page, world.college_staff, password)
    args = {"run": [college.run.pk], "term": [college.term.slug], None: []}[arg]
    href = reverse(name, args=args) + ("?q=sam" if name.endswith("enrol") else "")
    response = page.goto(href)
    assert response.status == 200, href
    check(page)
