"""The College's PDFs print markup as typed: the funders' report, the prospectus and a
certificate, with markup in every field that reaches them and in the trust's name."""

from datetime import timedelta

import pytest
from django.urls import reverse

from recoveryhub.college import models as m
from recoveryhub.core.testing_pdf import assert_markup_printed_as_typed, markup

from .test_teaching_support import finished, mark

__all__ = ["finished"]  # a fixture, used by name

pytestmark = pytest.mark.django_db


def mark_up(obj, *names, short=False) -> list[str]:
    """Markup in each named field of obj, saved; returns the values."""
    for name in names:
        setattr(obj, name, markup(f"{type(obj).__name__}.{name}", short=short))
    obj.save()
    return [getattr(obj, name) for name in names]


@pytest.fixture
def marked(world, college, settings):
    """Markup in every field of the College that a PDF prints, and in the trust's name."""
    settings.TRUST_NAME = markup("Trust")
    values = [settings.TRUST_NAME]
    values += mark_up(college.term, "name", short=True)
    values += mark_up(college.area, "name")
    values += mark_up(college.course, "title", "summary")
    values += mark_up(college.wisbech, "name", "address", "parking", "bus_routes", "access_notes")
    values += mark_up(world.fenland, "name")
    values += mark_up(college.pat_student, "full_name")
    values += mark_up(world.trainer, "full_name")
    values += mark_up(college.peer_user, "full_name")
    return values


def test_the_funders_report(client, sign_in, world, college, marked):
    term = college.term
    paid = m.FundingSource.objects.create(
        name=markup("Paid"), kind=m.FundingKind.CHARITABLE_GRANT, amount_pence=100000,
        starts_on=term.starts_on, ends_on=term.ends_on,
    )  # fmt: skip
    idle = m.FundingSource.objects.create(
        name=markup("Idle"), kind=m.FundingKind.TRUST, amount_pence=5000,
        starts_on=term.starts_on - timedelta(days=30), ends_on=term.ends_on,
    )  # fmt: skip
    college.run.funding_source = paid
    college.run.save()
    sign_in(client, world.college_staff)
    response = client.get(reverse("college:funders_report", args=[term.slug]))
    assert response.status_code == 200
    trust, term_name = marked[:2]
    text = assert_markup_printed_as_typed(
        response.content, trust, paid.name, idle.name, f"No course runs in {term_name}."
    )
    assert f"Funders' report: {term.name}" in text


def test_the_prospectus(client, college, marked):
    response = client.get(reverse("college:term_prospectus", args=[college.term.slug]))
    assert response.status_code == 200
    printed = [value for value in marked if "User." not in value and "Student." not in value]
    assert_markup_printed_as_typed(response.content, *printed)


def test_a_certificate(client, sign_in, world, finished, marked):
    for session in finished.sessions:
        mark(finished.pat_enrolment, session, m.Mark.PRESENT)
    sign_in(client, world.pat_user)
    response = client.get(reverse("college:certificate", args=[finished.pat_enrolment.pk]))
    assert response.status_code == 200
    student, trainer, peer = marked[-3:]
    course = finished.course.title
    assert_markup_printed_as_typed(
        response.content, student, course, finished.term.name, trainer, peer
    )


def test_the_prospectus_with_the_longest_summary_and_access_notes(client, college):
    course, venue = college.course, college.wisbech
    course.summary = "a line\n" * (course._meta.get_field("summary").max_length // 7)
    venue.access_notes = "a note\n" * (venue._meta.get_field("access_notes").max_length // 7)
    course.save()
    venue.save()
    response = client.get(reverse("college:term_prospectus", args=[college.term.slug]))
    assert response.status_code == 200
    assert_markup_printed_as_typed(response.content, course.summary, venue.access_notes)
