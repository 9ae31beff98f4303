"""Check-ins and reminders in a person's My data download (FHIR and readable)."""

from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.measures import catalogue, scoring
from recoveryhub.measures.models import CheckIn, CheckInStatus, ReminderSchedule, ReminderSent
from recoveryhub.people.export import fhir as bundle_fhir
from recoveryhub.people.export import registry

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
PHQ9 = dict.fromkeys((f"phq9_{n}" for n in range(1, 10)), 1) | {"phq9_1": 3, "phq9_2": 2}


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


@pytest.fixture
def record(world):
    result = scoring.score(catalogue.get("phq9"), PHQ9)
    done = CheckIn.objects.create(
        person=world.pat,
        instrument="phq9",
        status=CheckInStatus.COMPLETE,
        answers=PHQ9,
        total=result.total,
        band=result.band.label,
        recorded_by=world.pat_user,
        started_at=WHEN,
        completed_at=WHEN,
    )
    CheckIn.objects.create(
        person=world.pat, instrument="gad7", answers={"gad7_1": 2}, started_at=WHEN
    )
    schedule = ReminderSchedule.objects.create(
        person=world.pat, instrument="phq9", every_days=14, next_due=date(2026, 12, 4)
    )
    ReminderSent.objects.create(schedule=schedule, due_on=date(2026, 11, 20))
    CheckIn.objects.create(person=world.quinn, instrument="phq9", answers={}, started_at=WHEN)
    return world, done


def test_check_ins_are_responses_and_observations_in_the_bundle(record):
    world, done = record
    bundle = Bundle.model_validate_json(bundle_fhir.bundle_json(world.pat))
    entries = {e.fullUrl: e.resource for e in bundle.entry}
    [patient] = resources(bundle, "Patient")

    responses = resources(bundle, "QuestionnaireResponse")
    assert sorted(r.status for r in responses) == ["completed", "in-progress"]
    completed = next(r for r in responses if r.status == "completed")
    assert completed.id == registry.resource_id(done)
    assert completed.questionnaire == "urn:recoveryhub:questionnaire:phq9"
    assert entries[completed.subject.reference] is not None
    assert completed.subject.reference == f"urn:uuid:{patient.id}"
    assert len(completed.item) == 9

    [total] = resources(bundle, "Observation")  # none for the unfinished check-in
    assert float(total.valueQuantity.value) == done.total == 12
    assert total.interpretation[0].text == "Moderate"
    assert total.derivedFrom[0].reference == f"urn:uuid:{completed.id}"
    assert total.subject.reference == f"urn:uuid:{patient.id}"


def test_ids_are_the_same_in_every_download(record):
    world, _ = record
    first = Bundle.model_validate_json(bundle_fhir.bundle_json(world.pat))
    second = Bundle.model_validate_json(bundle_fhir.bundle_json(world.pat))
    assert [e.fullUrl for e in first.entry] == [e.fullUrl for e in second.entry]


def test_the_readable_summary_lists_check_ins_and_reminders(record):
    world, _ = record
    sections = {s.heading: s for s in registry.summary(world.pat)}
    assert sections["Check-ins"].rows == [  # newest first; the later one on a tie
        ("GAD-7, 20 November 2026", "Started on 20 November 2026, not finished"),
        ("PHQ-9, 20 November 2026", "Score 12 (Moderate)"),
    ]
    assert sections["Check-in reminders"].rows == [
        ("PHQ-9", "Every 14 days, next on 4 December 2026. 1 sent, the last for 20 November 2026")
    ]


def test_a_check_in_for_an_instrument_since_withdrawn_is_still_given_back(world):
    CheckIn.objects.create(
        person=world.pat,
        instrument="retired",
        status=CheckInStatus.COMPLETE,
        answers={"r_1": 4},
        started_at=WHEN,
        completed_at=WHEN,
    )
    bundle = Bundle.model_validate_json(bundle_fhir.bundle_json(world.pat))
    [response] = resources(bundle, "QuestionnaireResponse")
    assert response.item[0].answer[0].valueCoding.code == "4"
    rows = {s.heading: s.rows for s in registry.summary(world.pat)}["Check-ins"]
    assert rows == [("retired, 20 November 2026", "r_1: 4")]


def test_an_empty_record_says_so(world):
    sections = {s.heading: s for s in registry.summary(world.quinn)}
    assert sections["Check-ins"].rows == []
    assert sections["Check-ins"].empty == "You have not done any check-ins."
