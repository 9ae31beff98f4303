"""The College's part of My data: readable sections and valid FHIR for a person who studies."""

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.college import services
from recoveryhub.college.models import (
    Attendance,
    CourseFeedback,
    Mark,
    MessageKind,
    Recommend,
    SentMessage,
)
from recoveryhub.people.export import fhir, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def studied(college, world):
    """Pat: a revisited learning plan, one course with marks and feedback, messages sent."""
    now = timezone.now()
    services.write_learning_plan(
        college.pat_student, by=world.pat_user, hopes="To go back to work",
        wants_from_college="Confidence", support_needs="",
    )  # fmt: skip
    enrolment = college.pat_enrolment
    Attendance.objects.create(
        enrolment=enrolment, session=college.sessions[0], mark=Mark.PRESENT,
        marked_by=world.trainer, marked_at=now,
    )  # fmt: skip
    Attendance.objects.create(
        enrolment=enrolment, session=college.sessions[1], mark=Mark.APOLOGIES,
        marked_by=world.trainer, marked_at=now,
    )  # fmt: skip
    CourseFeedback.objects.create(
        enrolment=enrolment, usefulness=4, would_recommend=Recommend.YES,
        what_to_change="Longer breaks", comments="Thank you", submitted_at=now,
    )  # fmt: skip
    SentMessage.objects.create(kind=MessageKind.CONFIRMATION, enrolment=enrolment, sent_at=now)
    waiting = services.enrol(college.pat_student, college.other_run)
    services.cancel_enrolment(waiting, by=world.pat_user)
    return college


def sections_of(person) -> dict:
    return {s.heading: s for s in registry.summary(person)}


def test_the_readable_summary_has_the_whole_college_record(studied, world):
    sections = sections_of(world.pat)
    details = dict(sections["Recovery College: your student details"].rows)
    assert details["Name"] == "Patricia Jones"
    assert details["Which describes you"] == "Someone who uses the trust's services"
    assert details["Where you live"] == "Fenland"
    plans = dict(sections["Recovery College: your learning plans"].rows)
    current = [v for k, v in plans.items() if "(current): What I hope for" in k]
    assert current == ["To go back to work"]
    assert "To feel less alone" in plans.values()  # the earlier version, kept
    courses = sections["Recovery College: your courses"].rows
    assert len(courses) == 2
    text = " ".join(value for _title, value in courses)
    assert "Session 1" in text and "Present" in text and "Apologies" in text
    assert "Cancelled" in text
    [(_, feedback)] = sections["Recovery College: feedback you gave"].rows
    assert "Usefulness 4 out of 5" in feedback and "Longer breaks" in feedback
    [(_, message)] = sections["Recovery College: messages we sent you"].rows
    assert "Place confirmed" in message


def test_the_fhir_bundle_holds_the_college_record_and_is_valid(studied, world):
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    responses = [
        e.resource
        for e in bundle.entry
        if e.resource.get_resource_type() == "QuestionnaireResponse"
    ]
    college_responses = [r for r in responses if "college" in (r.questionnaire or "")]
    assert len(college_responses) == 3  # two learning plans and one course feedback
    hopes = {
        item.answer[0].valueString
        for r in college_responses
        for item in r.item
        if item.linkId == "hopes"
    }
    assert hopes == {"To feel less alone", "To go back to work"}
    basics = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Basic"]
    codes = sorted(b.code.coding[0].code for b in basics)
    assert codes == ["enrolment", "enrolment", "student"]
    assert kinds.count("Patient") == 1
    assert all(b.subject.reference.startswith("urn:uuid:") for b in basics)


def test_someone_who_is_not_a_student_has_no_college_sections(world):
    assert not any(h.startswith("Recovery College") for h in sections_of(world.quinn))
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.quinn))
    assert all(e.resource.get_resource_type() != "Basic" for e in (bundle.entry or []))


def test_the_registry_covers_the_college_models():
    assert {
        "college.Student",
        "college.LearningPlan",
        "college.Enrolment",
        "college.Attendance",
        "college.CourseFeedback",
        "college.SentMessage",
    } <= registry.covered_models()


def test_the_download_page_shows_the_college_part(client, sign_in, studied, world):
    sign_in(client, world.pat_user)
    response = client.get(reverse("export:summary"))
    assert response.status_code == 200
    assert "Recovery College: your courses" in response.content.decode()
