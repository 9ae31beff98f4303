"""The pathway in My data: FHIR Basic resources valid by fhir.resources, and the readable
summary saying the same things in the words Pat reads."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.core.presenters import long_date
from recoveryhub.pathways import services
from recoveryhub.pathways.export_parts import PATHWAYS
from recoveryhub.people.export import fhir, registry

pytestmark = pytest.mark.django_db


def basics(bundle) -> dict:
    found = {}
    for entry in bundle.entry:
        resource = entry.resource
        if resource.get_resource_type() == "Basic" and resource.code.coding[0].system == PATHWAYS:
            found.setdefault(resource.code.coding[0].code, []).append(resource)
    return found


def test_every_pathways_model_about_a_person_is_in_the_download():
    covered = registry.covered_models()
    for model in ("PathwayProfile", "Interest", "Placement", "EmploymentSupport", "JobStart"):
        assert f"pathways.{model}" in covered
    assert {"pathways.Payment", "pathways.PanelMember"} <= covered


def test_the_bundle_holds_her_pathway_as_basic_resources(world, pathways):
    services.record_payment(
        person=world.pat, kind="expenses", amount_pence=450, on=pathways.pat_hours.on,
        what_for="Bus fares", by=world.partner, placement=pathways.pat_placement,
    )  # fmt: skip
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    found = basics(bundle)
    assert {code: len(items) for code, items in found.items()} == {
        "profile": 1, "interest": 2, "placement": 1, "employment-support": 1, "job": 1,
        "panel-member": 1,
    }  # fmt: skip
    [patient] = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient"]
    assert found["job"][0].subject.reference == f"urn:uuid:{patient.id}"
    placement = found["placement"][0].text.div
    assert "Role: Community garden volunteer, Fenland Volunteer Centre" in placement
    assert "Basic DBS check: Done" in placement
    assert "150 minutes, volunteering: Waiting for your supervisor" in placement
    assert "Payment: Expenses of £4.50 for Bus fares" in placement
    cafe = [i for i in found["interest"] if "Café assistant" in i.text.div][0]
    assert "What you wrote: I would like weekend work." in cafe.text.div
    values = {e.url: e.valueString for e in found["profile"][0].extension}
    assert values["urn:recoveryhub:pathways:what-interests-you"] == "Gardening and being outdoors"
    member = found["panel-member"][0].text.div
    assert (
        f"{long_date(pathways.pat_booking.on)}: Panel for Peer support worker, Fenland" in member
    )


def test_the_readable_summary_tells_her_pathway(world, pathways):
    sections = {s.heading: dict(s.rows) for s in registry.summary(world.pat)}
    about = sections["Your pathway to volunteering and work"]
    assert about["Skills you bring"] == "Gardening"
    assert about["How far you can travel"] == "Up to 10 miles"
    assert about["You share your pathway with your worker"] == "Yes"
    interest = sections["Interest you showed in roles"]
    assert interest["Café assistant, Ely Garden Works"].startswith("Sent: ")
    assert "Volunteering: Community garden volunteer, Fenland Volunteer Centre" in sections
    assert sections["Work: Library assistant"]["Job"] == "Library assistant, March Library"
    assert "Interview panels" in sections


def test_someone_with_no_pathway_is_told_so_kindly(world):
    sections = {s.heading: s for s in registry.summary(world.quinn)}
    assert sections["Your pathway to volunteering and work"].empty.startswith("You have not")
    assert not sections["Interest you showed in roles"].rows
    assert basics(Bundle.model_validate_json(fhir.bundle_json(world.quinn))) == {}
