"""Feedback given signed in is part of the person's record: in My data, moved when two
records are joined, and unlinked (kept anonymous) when a record is anonymised."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.feedback import services
from recoveryhub.feedback.models import Channel, Response
from recoveryhub.feedback.testing import answers_for
from recoveryhub.governance import retention
from recoveryhub.governance.models import Covers
from recoveryhub.governance.tests.conftest import rules  # noqa: F401 - the fixture
from recoveryhub.people.export import fhir, registry
from recoveryhub.people.models import CaseloadAssignment, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(world, feedback):
    response, _, _ = services.record_response(
        feedback.fft_a,
        answers_for(feedback.fft_a, "good", "The group helped me."),
        channel=Channel.SIGNED_IN,
        person=world.pat,
    )
    return response


def test_feedback_given_signed_in_is_in_my_data(world, given):
    assert "feedback.Response" in registry.covered_models()
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    kinds = {"QuestionnaireResponse"}
    [mine] = [e.resource for e in bundle.entry if e.resource.get_resource_type() in kinds]
    words = {item.text: item.answer[0].valueString for item in mine.item}
    assert words["Overall, how was your experience of our service?"] == "Good"
    assert words["What was good about your experience?"] == "The group helped me."
    sections = {s.heading: dict(s.rows) for s in registry.summary(world.pat)}
    [(where, said)] = sections["Feedback you gave"].items()
    assert world.team_a.name in where and "Good" in said


def test_anonymous_feedback_is_in_nobodys_record(world, feedback):
    sections = {s.heading: s for s in registry.summary(world.pat)}
    assert sections["Feedback you gave"].rows == []


def test_joining_two_records_moves_the_feedback(world, given):
    from recoveryhub.people.merging import merge

    twin = Person.objects.create(full_name="Patricia Jones", locality=world.fenland)
    Response.objects.filter(pk=given.pk).update(person=twin)
    merge(world.pat, twin, actor=world.service_admin, reason="Same person", how_checked="DOB")
    given.refresh_from_db()
    assert given.person == world.pat


def test_an_anonymised_record_leaves_its_feedback_anonymous(rules, world, given):  # noqa: F811
    long_ago = date(1996, 7, 31)
    CaseloadAssignment.objects.filter(person=world.pat).update(
        starts_on=date(1990, 1, 1), ends_on=long_ago
    )
    Person.objects.filter(pk=world.pat.pk).update(
        created_at=timezone.make_aware(datetime.combine(date(1990, 1, 1), time(12)))
    )
    Response.objects.filter(pk=given.pk).update(received_at=timezone.now())
    retention.apply(rules[Covers.PERSON_RECORD], timezone.localdate())
    given.refresh_from_db()
    assert given.person is None
    assert given.answers.count() == 2  # the feedback itself stays, as anonymous as any
    comment = given.comments.get()
    assert comment.text == comment.redacted
