"""Names shown in the College (issue 12): registers, student lists and records lead
with the name a student uses ("Philip Smith"), never "Dorothy Smith (Philip)", which
risks deadnaming when a register is read aloud. The legal name stays where it is needed:
on certificates, and on the student's record as the name certificates carry."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.college import models as m
from recoveryhub.college.forms_teaching import RegisterForm
from recoveryhub.core.testing import assert_good_page

from .test_teaching_support import later_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def philip(college):
    student = m.Student.objects.create(
        full_name="Dorothy Smith", preferred_name="Philip", email="philip@example.com",
        student_type=m.StudentType.PUBLIC,
    )  # fmt: skip
    now = timezone.now()
    return m.Enrolment.objects.create(
        student=student, run=college.run, status=m.EnrolmentStatus.CONFIRMED,
        requested_at=now, confirmed_at=now,
    )  # fmt: skip


def body_of(client, sign_in, user, url):
    client.logout()
    sign_in(client, user)
    response = client.get(url)
    facts = assert_good_page(response)
    return facts, html.unescape(response.content.decode())


def never_legal_first(body):
    assert "Dorothy Smith (Philip)" not in body
    assert "Dorothy" not in body


def test_a_student_is_named_by_the_name_in_use(philip):
    student = philip.student
    assert (student.display_name, student.short_name) == ("Philip Smith", "Philip")
    assert str(student) == "Philip Smith"
    assert student.legal_name_differs


def test_the_register_names_each_student_as_they_are_known(
    client, sign_in, world, college, philip
):
    form = RegisterForm([philip, college.pat_enrolment])
    labels = [field.label for field in form.fields.values()]
    assert labels == ["Philip Smith", "Pat Jones"]
    session = college.sessions[0]
    session.starts_at = later_today()
    session.ends_at = session.starts_at + timezone.timedelta(minutes=30)
    session.save()
    url = reverse("college:session_register", args=[session.pk])
    _, body = body_of(client, sign_in, world.trainer, url)
    assert "Philip Smith" in body
    never_legal_first(body)
    # An error names the student the same way.
    response = client.post(url, {f"mark_{philip.pk}": "maybe"})
    text = html.unescape(response.content.decode())
    assert response.status_code == 400 or "There is a problem" in text
    assert "for Philip Smith" in text
    never_legal_first(text)


def test_the_trainers_student_list_names_each_student_as_they_are_known(
    client, sign_in, world, college, philip
):
    _, body = body_of(
        client, sign_in, world.trainer, reverse("college:run_students", args=[college.run.pk])
    )
    assert "Philip Smith" in body
    never_legal_first(body)


def test_staff_lists_lead_with_the_name_in_use(client, sign_in, world, college, philip):
    url = reverse("college:manage_run_enrolments", args=[college.run.pk])
    _, body = body_of(client, sign_in, world.college_staff, url)
    assert "Philip Smith</a>" in body and " Philip Smith's place</span>" in body
    never_legal_first(body)
    _, body = body_of(
        client, sign_in, world.college_staff, reverse("college:manage_students") + "?q=philip"
    )
    assert "Philip Smith</a>" in body
    never_legal_first(body)
    _, body = body_of(
        client, sign_in, world.college_staff, reverse("college:cancel_place", args=[philip.pk])
    )
    assert "Cancel Philip Smith's place?" in body
    never_legal_first(body)


def test_the_student_record_is_headed_by_the_name_in_use_with_the_certificate_name_below(
    client, sign_in, world, college, philip
):
    url = reverse("college:manage_student", args=[philip.student.pk])
    facts, body = body_of(client, sign_in, world.college_staff, url)
    assert facts.h1s == ["Philip Smith: College record"]
    assert body.count("Dorothy Smith") == 1 and "Full name, for certificates" in body
    # Sam has no other name: no certificate row is needed.
    url = reverse("college:manage_student", args=[college.sam_student.pk])
    _, body = body_of(client, sign_in, world.college_staff, url)
    assert "Full name, for certificates" not in body
