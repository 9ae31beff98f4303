"""Certificates of attendance: only for a completed course, as a PDF that reads right."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from recoveryhub.college.models import Enrolment, EnrolmentStatus, Mark, Session
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page

from .test_teaching_support import add_student, finished, mark

__all__ = ["finished"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def url(enrolment) -> str:
    return reverse("college:certificate", args=[enrolment.pk])


def attend(college, enrolment, numbers) -> None:
    for session in college.sessions:
        mark(enrolment, session, Mark.PRESENT if session.number in numbers else Mark.ABSENT)


def pdf_text(response) -> str:
    reader = PdfReader(BytesIO(response.content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_a_student_who_completed_downloads_their_certificate(client, sign_in, world, finished):
    attend(finished, finished.pat_enrolment, {1, 2, 3})  # 3 of 4 = 75%
    sign_in(client, world.pat_user)
    response = client.get(url(finished.pat_enrolment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response).split())
    for expected in [
        "Certificate of attendance", "Recovery College East", "Patricia Jones",
        "Understanding anxiety", "Spring 2027", "attended 3 of the 4 sessions",
        "co-produced", "Tariq Trainer", "Petra Peer-Trainer",
    ]:  # fmt: skip
        assert expected in text, expected
    last = finished.sessions[3]
    last.refresh_from_db()
    completed = timezone.localdate(last.ends_at)
    assert f"Completed on {completed.day} {completed:%B %Y}" in text
    reader = PdfReader(BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    assert not AccessEvent.objects.exists()  # a student's own download is not logged


def test_college_staff_downloading_a_certificate_is_logged(client, sign_in, world, finished):
    attend(finished, finished.pat_enrolment, {1, 2, 3, 4})
    sign_in(client, world.college_staff)
    response = client.get(url(finished.pat_enrolment))
    assert "Patricia Jones" in pdf_text(response)
    event = AccessEvent.objects.get()
    assert (event.person, event.actor, event.action) == (
        world.pat,
        world.college_staff,
        AccessAction.EXPORT,
    )


def test_staff_downloading_for_a_student_with_no_record_logs_nothing(
    client, sign_in, world, finished
):
    sam = add_student(finished.run, "Sam Smith")
    attend(finished, sam, {1, 2, 3, 4})
    sign_in(client, world.college_staff)
    assert "Sam Smith" in pdf_text(client.get(url(sam)))
    assert not AccessEvent.objects.exists()


def test_two_of_four_is_not_enough_and_the_page_says_why(client, sign_in, world, finished):
    attend(finished, finished.pat_enrolment, {1, 2})
    sign_in(client, world.pat_user)
    response = client.get(url(finished.pat_enrolment))
    facts = assert_good_page(response)
    assert facts.h1s == ["No certificate yet"]
    body = response.content.decode()
    assert "Attended 2 of 4 sessions" in body and "75%" in body


def test_cancelled_sessions_do_not_count_against_a_student(client, sign_in, world, finished):
    attend(finished, finished.pat_enrolment, {1, 2})
    Session.objects.filter(run=finished.run, number__in=[3]).update(cancelled_at=timezone.now())
    sign_in(client, world.pat_user)
    assert_good_page(client.get(url(finished.pat_enrolment)))  # 2 of 3 is 67%: not yet
    Session.objects.filter(run=finished.run, number=4).update(cancelled_at=timezone.now())
    response = client.get(url(finished.pat_enrolment))  # 2 of 2
    assert response["Content-Type"] == "application/pdf"
    assert "attended 2 of the 2 sessions" in " ".join(pdf_text(response).split())


def test_no_certificate_before_the_course_ends(client, sign_in, world, college):
    sign_in(client, world.pat_user)
    response = client.get(url(college.pat_enrolment))
    assert_good_page(response)
    assert "has not finished yet" in response.content.decode()


def test_no_certificate_for_a_cancelled_place(client, sign_in, world, finished):
    attend(finished, finished.pat_enrolment, {1, 2, 3, 4})
    Enrolment.objects.filter(pk=finished.pat_enrolment.pk).update(status=EnrolmentStatus.CANCELLED)
    sign_in(client, world.pat_user)
    response = client.get(url(finished.pat_enrolment))
    assert_good_page(response)
    assert "for students who had a place" in response.content.decode()


@pytest.mark.parametrize("who", ["trainer", "student", "carer_user", "recovery_coach", "manager"])
def test_no_one_else_gets_a_students_certificate(client, sign_in, world, finished, who):
    attend(finished, finished.pat_enrolment, {1, 2, 3, 4})
    sign_in(client, getattr(world, who))
    response = client.get(url(finished.pat_enrolment))
    assert response.status_code == 404
    assert b"Patricia" not in response.content


def test_an_unknown_place_is_not_found(client, sign_in, world, college):
    sign_in(client, world.college_staff)
    assert client.get(reverse("college:certificate", args=[999999])).status_code == 404
