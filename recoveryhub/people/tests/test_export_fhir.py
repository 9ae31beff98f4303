"""The machine-readable download: a FHIR R4B Bundle, and a registry that misses nothing."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.people.export import fhir, registry
from recoveryhub.people.export.patient import NHS_NUMBER
from recoveryhub.people.models import CarerLink, ContactPreference, Person

pytestmark = pytest.mark.django_db


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


@pytest.fixture
def full_record(world):
    pat = world.pat
    pat.nhs_number = "999 765 4323"
    pat.date_of_birth = date(1990, 4, 1)
    pat.pronouns = "she/her"
    pat.email = "pat@example.com"
    pat.phone = "07700 900123"
    pat.address = "1 High Street\nWisbech"
    pat.contact_preference = ContactPreference.TEXT
    pat.easy_read = pat.large_print = pat.british_sign_language = True
    pat.interpreter_language = "Polish"
    pat.save()
    CarerLink.objects.create(
        carer=pat, cared_for=world.quinn, relationship="Friend", shares_plans=True
    )
    access_log.record(actor=world.recovery_coach, person=pat, action=AccessAction.PRINT)
    return world


def test_the_bundle_is_valid_fhir_and_holds_the_whole_record(full_record):
    world = full_record
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    assert bundle.type == "collection"

    [patient] = resources(bundle, "Patient")
    assert [(i.system, i.value) for i in patient.identifier] == [(NHS_NUMBER, "9997654323")]
    assert [(n.use, n.text) for n in patient.name] == [
        ("official", "Patricia Jones"),
        ("usual", "Pat"),
    ]
    assert str(patient.birthDate) == "1990-04-01"
    ranked = {(t.system, t.rank) for t in patient.telecom}
    assert ranked == {("email", 2), ("phone", 2), ("sms", 1)}
    assert patient.address[0].text == "1 High Street\nWisbech"
    languages = {c.language.text for c in patient.communication}
    assert languages == {"British Sign Language", "Polish"}
    urls = {e.url for e in patient.extension}
    assert "http://hl7.org/fhir/StructureDefinition/individual-pronouns" in urls
    assert "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired" in urls

    related = resources(bundle, "RelatedPerson")
    assert sorted(r.name[0].text for r in related) == ["Chris Jones", "Patricia Jones"]
    assert any("shares with them: plans" in r.text.div for r in related)

    [episode] = resources(bundle, "EpisodeOfCare")
    assert episode.status == "active"
    assert episode.managingOrganization.display == world.team_a.name
    assert episode.careManager.display == "Rory Coach"

    [audit] = resources(bundle, "AuditEvent")
    assert audit.agent[0].who.display == "Rory Coach"
    assert audit.subtype[0].code == "print"
    assert audit.recorded is not None


def test_references_inside_the_bundle_point_at_entries_in_it(full_record):
    data = json.loads(fhir.bundle_json(full_record.pat))
    full_urls = {entry["fullUrl"] for entry in data["entry"]}
    assert len(full_urls) == len(data["entry"])

    def references(node):
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str):
                yield node["reference"]
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    assert set(references(data)) <= full_urls


def test_a_record_with_only_a_name_is_still_valid(world):
    bare = Person.objects.create(full_name="Sam Smith")
    bundle = Bundle.model_validate_json(fhir.bundle_json(bare))
    [patient] = resources(bundle, "Patient")
    assert patient.identifier is None
    assert resources(bundle, "AuditEvent") == []


def test_the_readable_summary_says_the_same_things(full_record):
    sections = {s.heading: dict(s.rows) for s in registry.summary(full_record.pat)}
    today = timezone.localdate()
    assert sections["About you"]["NHS number"] == "999 765 4323"
    assert sections["Communication needs"]["Interpreter"] == "Polish"
    assert sections["People who care for you"]["Chris Jones"] == "Partner"
    assert sections["People who care for you"]["Shared with Chris Jones"] == "Nothing yet"
    assert sections["People you care for"]["Shared by Quinn Taylor"] == "Plans"
    assert sections["Your teams"][full_record.team_a.name].endswith("Named worker: Rory Coach")
    [(when, what)] = sections[f"{today:%A} {long_date(today)}"].items()
    assert what == "Rory Coach, recovery coach, Fenland Adult Locality Team, printed your record"


def models_about_a_person() -> set[str]:
    """Person, and every installed model with a field pointing straight at it."""
    found = {Person._meta.label}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            # ForeignKey covers OneToOneField; reverse relations are not fields of the model.
            linked = isinstance(field, models.ForeignKey | models.ManyToManyField)
            if linked and field.related_model is Person:
                found.add(model._meta.label)
    return found


def test_the_walk_finds_the_models_we_know_of():
    assert {
        "people.Person",
        "people.CarerLink",
        "people.CaseloadAssignment",
        "people.Invitation",
        "core.AccessEvent",
    } <= models_about_a_person()


def test_every_model_about_a_person_is_in_the_download_or_left_out_with_a_reason():
    covered, excluded = registry.covered_models(), registry.excluded_models()
    missing = models_about_a_person() - covered - set(excluded)
    assert not missing, (
        f"{sorted(missing)} hold information about a person but are not in 'My data'. "
        "Register an Exporter for them (in the app's export_parts.py), or exclude them "
        "with a reason in that module."
    )
    assert all(reason.strip() for reason in excluded.values())
    assert not covered & set(excluded), "a model cannot be both exported and excluded"


def test_the_registry_knows_the_people_parts():
    assert {"people.Person", "people.CarerLink", "people.CaseloadAssignment"} <= (
        registry.covered_models()
    )
    assert "core.AccessEvent" in registry.covered_models()
    assert "people.Invitation" in registry.excluded_models()


def test_an_exclusion_needs_a_reason():
    with pytest.raises(ValueError, match="Say why"):
        registry.exclude("people.Something", "  ")
