"""A register saves the marks given so far, and "Mark everyone present" does the rest."""

import pytest
from django.urls import reverse

from recoveryhub.college.models import Attendance, Mark
from recoveryhub.core.testing import assert_good_page

from .test_teaching import today_session
from .test_teaching_support import add_student

__all__ = ["today_session"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def register_url(session) -> str:
    return reverse("college:session_register", args=[session.pk])


def saved(session) -> dict:
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "mark"))


def test_a_register_saves_with_only_some_students_marked(
    client, sign_in, world, college, today_session
):
    sam = add_student(college.run, "Sam Smith")
    pat = college.pat_enrolment
    sign_in(client, world.trainer)
    response = client.post(register_url(today_session), {f"mark_{pat.pk}": "present"})
    assert response.status_code == 302
    assert saved(today_session) == {pat.pk: Mark.PRESENT}
    # Marking Sam later keeps Pat's mark.
    client.post(register_url(today_session), {f"mark_{sam.pk}": "absent"})
    assert saved(today_session) == {pat.pk: Mark.PRESENT, sam.pk: Mark.ABSENT}


def test_mark_everyone_present_keeps_the_marks_chosen(
    client, sign_in, world, college, today_session
):
    sam = add_student(college.run, "Sam Smith")
    ali = add_student(college.run, "Ali Khan")
    pat = college.pat_enrolment
    sign_in(client, world.trainer)
    page = client.get(register_url(today_session))
    assert_good_page(page)
    assert "Mark everyone present" in page.content.decode()
    response = client.post(
        register_url(today_session), {f"mark_{sam.pk}": "apologies", "everyone": "present"}
    )
    assert response.status_code == 302
    assert saved(today_session) == {
        pat.pk: Mark.PRESENT, sam.pk: Mark.APOLOGIES, ali.pk: Mark.PRESENT,
    }  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"everyone": "maybe"},
        {"everyone": "present", "mark_SAM": "maybe"},
        {"everyone": "y" * 5000},
        {"mark_SAM": "x" * 5000},
    ],
)
def test_a_register_with_nothing_or_junk_is_refused_and_writes_nothing(
    client, sign_in, world, college, today_session, data
):
    sam = add_student(college.run, "Sam Smith")
    sign_in(client, world.trainer)
    data = {key.replace("SAM", str(sam.pk)): value for key, value in data.items()}
    response = client.post(register_url(today_session), data)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert facts.error_summary_links == [f"#id_mark_{college.pat_enrolment.pk}"] or (
        facts.error_summary_links == [f"#id_mark_{sam.pk}"]
    )
    assert not Attendance.objects.exists()
