"""The episodes in My data: FHIR ServiceRequest, EpisodeOfCare and Encounter resources,
valid by fhir.resources, and the readable summary saying the same things."""

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from recoveryhub.core.presenters import long_date
from recoveryhub.episodes import services
from recoveryhub.episodes.export_parts import KIND_SYSTEM
from recoveryhub.episodes.models import DeclineReason, Referral, Source, Status
from recoveryhub.people.export import fhir, registry

pytestmark = pytest.mark.django_db


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def episodes_of_care(bundle: Bundle) -> dict:
    """Our episodes (not the caseload's EpisodeOfCare), by the name of their type."""
    return {
        e.type[0].text: e
        for e in resources(bundle, "EpisodeOfCare")
        if e.type and e.type[0].coding and e.type[0].coding[0].system == KIND_SYSTEM
    }


@pytest.fixture
def declined(world, episodes):
    """A referral of Pat to team B, declined with where she was pointed instead."""
    referral = services.refer(
        world.pat, world.team_b, source=Source.SELF, reason="Company", by=world.clinician
    )
    return services.decline(
        referral, by=world.clinician, reason=DeclineReason.OUT_OF_AREA,
        signposted_to="The reablement service in her own area",
    )  # fmt: skip


def test_the_bundle_is_valid_and_holds_each_episode_as_an_episode_of_care(world, episodes):
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    [patient] = resources(bundle, "Patient")
    mine = episodes_of_care(bundle)
    assert set(mine) == {"Mental health reablement", "Recovery coaching"}

    finished = mine["Mental health reablement"]
    assert finished.status == "finished"
    assert finished.patient.reference == f"urn:uuid:{patient.id}"
    assert [(c.system, c.code, c.display) for c in finished.type[0].coding] == [
        (KIND_SYSTEM, "reablement", "Reablement")
    ]
    assert finished.managingOrganization.display == world.team_a.name
    assert finished.careManager.display == "Rory Coach"
    assert str(finished.period.start) == episodes.pat_finished.starts_on.isoformat()
    assert str(finished.period.end) == episodes.pat_finished.ends_on.isoformat()
    # The history, each status with its period; the last one still open.
    history = finished.statusHistory
    assert [h.status for h in history] == [Status.ACTIVE, Status.FINISHED]
    assert history[0].period.end == history[1].period.start and history[1].period.end is None
    # Goals, the ending and the pass, in the words the person reads.
    narrative = finished.text.div
    assert "Goal: Go to the market on my own (not met)" in narrative
    assert "Why it ended: Goals met" in narrative
    assert "Your view: I feel ready to go it alone." in narrative
    assert "What happened next: Signposted to other help (Wisbech walking group)" in narrative
    assert "A warm handover offered to: Recovery College" in narrative
    until = long_date(episodes.pat_pass.valid_until)
    assert f"without a GP referral until {until}: use your pass online" in narrative

    active = mine["Recovery coaching"]
    assert active.status == "active" and active.period.end is None
    assert [h.status for h in active.statusHistory] == [Status.ACTIVE]


def test_referrals_are_service_requests_and_contacts_encounters(world, episodes, declined):
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    requests = {r.id: r for r in resources(bundle, "ServiceRequest")}
    assert len(requests) == Referral.objects.filter(person=world.pat).count() == 4
    statuses = sorted(r.status for r in requests.values())
    assert statuses == ["active", "completed", "completed", "revoked"]
    finished = episodes_of_care(bundle)["Mental health reablement"]
    [came_from] = finished.referralRequest
    first = requests[came_from.reference.removeprefix("urn:uuid:")]
    assert first.requester.display == "Dr Amir Shah, North Brink Surgery"
    assert first.reasonCode[0].text == "Getting back to the shops and seeing friends again"
    turned_down = next(r for r in requests.values() if r.status == "revoked")
    notes = [n.text for n in turned_down.note]
    assert "Where else to get help: The reablement service in her own area" in notes

    encounters = resources(bundle, "Encounter")
    assert len(encounters) == 2
    visit = next(e for e in encounters if e.class_fhir.code == "HH")
    assert visit.episodeOfCare[0].reference == f"urn:uuid:{finished.id}"
    assert visit.participant[0].individual.display == "Rory Coach"
    assert "We met at home and agreed two goals together." in visit.text.div


def test_every_reference_points_inside_the_bundle(world, episodes, declined):
    data = json.loads(fhir.bundle_json(world.pat))
    full_urls = {entry["fullUrl"] for entry in data["entry"]}

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


def test_nobody_elses_support_is_in_the_download(world, episodes):
    text = fhir.bundle_json(world.pat)
    assert "Quinn would like peer support" not in text and "Meeting others" not in text
    quinns = Bundle.model_validate_json(fhir.bundle_json(world.quinn))
    assert set(episodes_of_care(quinns)) == {"Peer support"}


def test_the_readable_summary_says_the_same_things(world, episodes, declined):
    sections = registry.summary(world.pat)
    headings = [s.heading for s in sections]
    assert "Your support from our teams" in headings and "Your referrals" in headings
    start = long_date(episodes.pat_finished.starts_on)
    heading = f"Mental health reablement with {world.team_a.name}, from {start}"
    section = next(s for s in sections if s.heading == heading)
    assert section.level == 3
    rows = section.rows
    assert ("Status", "Finished") in rows
    assert ("Named worker", "Rory Coach") in rows
    assert ("Why it ended", "Goals met") in rows
    assert ("Your view", "I feel ready to go it alone.") in rows
    assert ("What happened next", "Signposted to other help (Wisbech walking group)") in rows
    assert ("Goal", "Go to the market on my own (not met)") in rows
    contact = (start, "Home visit with Rory Coach: We met at home and agreed two goals together.")
    assert contact in rows
    door = dict(rows)["Your open-door pass"]
    assert door.startswith(f"You can come back to {world.team_a.name} without a GP referral")
    referrals = dict(next(s for s in sections if s.heading == "Your referrals").rows)
    said = " ".join(referrals.values())
    assert "Not taken on: They live outside the area this team covers" in said
    assert "Where else to get help: The reablement service in her own area" in said


def test_a_used_pass_says_so_and_nothing_at_all_says_so_too(world, episodes):
    services.use_pass(episodes.pat_pass, by=world.pat_user, reason="A hard month")
    rows = dict(
        row
        for section in registry.summary(world.pat)
        if section.heading.startswith("Mental health reablement")
        for row in section.rows
    )
    assert rows["Your open-door pass"].startswith("You used it on")
    sections = {s.heading: s for s in registry.summary(world.carer_link.carer)}
    assert sections["Your support from our teams"].empty.startswith("You have not had")
    assert sections["Your referrals"].rows == []


def test_the_registry_covers_the_episodes():
    covered, excluded = registry.covered_models(), registry.excluded_models()
    assert {"episodes.Referral", "episodes.Episode", "episodes.OpenDoorPass"} <= covered
    assert "episodes.EpisodeType" in excluded


def test_queries_do_not_grow_with_the_episodes(world, episodes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recoveryhub.episodes.export_parts import Episodes

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            Episodes().resources(world.pat)
            Episodes().sections(world.pat)
        return len(done)

    before = queries()
    for _ in range(3):
        referral = services.refer(
            world.pat, world.team_a, source=Source.SELF, reason="More", by=world.recovery_coach
        )
        episode = services.accept(
            referral, by=world.recovery_coach, episode_type=episodes.coaching
        )
        services.record_contact(episode, on=episode.starts_on, kind="phone", by=world.peer_worker)
        services.add_goal(episode, title="A goal")
    assert queries() == before
