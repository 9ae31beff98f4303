"""The service admin's pages for joining two records: allowed, denied, bad input, and the
whole journey from finding the records to the explanation afterwards."""

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.measures.models import CheckIn
from recoveryhub.people import merging
from recoveryhub.people.models import MergeRecord, Person

pytestmark = pytest.mark.django_db
FIND = reverse("people:merge_find")
GOOD = {"reason": "Registered twice", "how_checked": "Same date of birth, confirmed with Pat"}


@pytest.fixture
def twin(world):
    """A second record of Pat's, made by another team, with one check-in of its own."""
    other = Person.objects.create(full_name="Patricia Jones", phone="07700 900123")
    CheckIn.objects.create(person=other, instrument="phq9", started_at="2026-11-01T10:00Z")
    return other


def good(response) -> tuple:
    """The page's facts (one h1, title, forms with actions) and its text."""
    return assert_good_page(response), response.content.decode()


def compare(world, twin):
    return reverse("people:merge_compare", args=[world.pat.pk, twin.pk])


def nothing_joined(world, twin):
    return not MergeRecord.objects.exists() and Person.objects.filter(pk=twin.pk).exists()


@pytest.mark.parametrize("role", ["person", "peer_worker", "manager", "admin", "college_staff"])
def test_only_a_service_admin_may_join_records(client, sign_in, world, twin, role):
    sign_in(client, world.by_role()[role])
    for url in (FIND, compare(world, twin), FIND + f"?kept={world.pat.pk}&other={twin.pk}"):
        assert client.get(url).status_code == 404
    assert client.post(compare(world, twin), {**GOOD, "confirm": "1"}).status_code == 404
    assert nothing_joined(world, twin)


def test_strangers_are_asked_to_sign_in(client, world, twin):
    assert client.get(FIND).status_code == 302
    client.post(compare(world, twin), {**GOOD, "confirm": "1"})
    assert nothing_joined(world, twin)


def test_the_service_admin_reaches_it_from_home(client, sign_in, world):
    sign_in(client, world.service_admin)
    home = assert_good_page(client.get(reverse("core:home")))
    assert FIND in home.links


def test_finding_records_by_name_or_nhs_number_is_logged(client, sign_in, world, twin):
    sign_in(client, world.service_admin)
    page = client.get(FIND, {"q": "patricia"}).content.decode()
    assert "2 records found" in page and str(twin.pk) in page
    page = client.get(FIND, {"q": "999 765 4323"}).content.decode()
    assert "1 record found" in page
    assert AccessEvent.objects.filter(person=twin, actor=world.service_admin).exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": ""}, "Enter a name or NHS number"),
        ({"kept": "", "other": "2"}, "Enter the record number to keep"),
        ({"kept": "abc", "other": "2"}, "Enter a record number, like 1234"),
        ({"kept": "-1", "other": "2"}, "Enter a record number, like 1234"),
        ({"kept": "999999", "other": "2"}, "There is no record number 999999"),
    ],
)
def test_bad_input_on_the_find_page(client, sign_in, world, query, message):
    sign_in(client, world.service_admin)
    response = client.get(FIND, query)
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()


def test_the_same_record_twice_is_refused(client, sign_in, world, twin):
    sign_in(client, world.service_admin)
    response = client.get(FIND, {"kept": world.pat.pk, "other": world.pat.pk})
    assert "Choose 2 different records" in response.content.decode()
    same = reverse("people:merge_compare", args=[world.pat.pk, world.pat.pk])
    response = client.post(same, {**GOOD, "confirm": "1"})
    assert_good_page(response)
    assert "Choose 2 different records" in response.content.decode()
    assert nothing_joined(world, twin)


def test_an_already_joined_record_cannot_be_joined_again(client, sign_in, world, twin):
    merging.merge(world.pat, twin, actor=world.service_admin, **GOOD)
    sign_in(client, world.service_admin)
    response = client.get(FIND, {"kept": world.quinn.pk, "other": twin.pk})
    assert f"Record {twin.pk} has already been joined into record {world.pat.pk}" in (
        response.content.decode()
    )
    again = reverse("people:merge_compare", args=[world.quinn.pk, twin.pk])
    assert client.post(again, {**GOOD, "confirm": "1"}).status_code == 404
    assert MergeRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"how_checked": "NHS number"}, "Enter why you are joining these records"),
        ({"reason": "Twice"}, "Enter how you checked they are the same person"),
        ({**GOOD, "reason": "x" * 1001}, "must be 1000 characters or fewer"),
        ({**GOOD, "take_phone": "bogus"}, "Choose which phone to keep"),
    ],
)
def test_bad_input_when_joining_writes_nothing(client, sign_in, world, twin, data, message):
    sign_in(client, world.service_admin)
    response = client.post(compare(world, twin), {**data, "confirm": "1"})
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ") and message in response.content.decode()
    assert nothing_joined(world, twin)


def test_a_problem_stops_the_join_and_says_why(client, sign_in, world):
    chris = world.carer_link.carer  # has a sign-in, as Pat does
    sign_in(client, world.service_admin)
    url = reverse("people:merge_compare", args=[world.pat.pk, chris.pk])
    _, text = good(client.get(url))
    assert "You cannot join these records yet" in text
    client.post(url, {**GOOD, "confirm": "1"})
    assert Person.objects.filter(pk=chris.pk).exists() and not MergeRecord.objects.exists()


def test_the_whole_journey(client, sign_in, world, twin):
    sign_in(client, world.service_admin)
    found = client.get(FIND, {"kept": world.pat.pk, "other": twin.pk})
    assert found["Location"] == compare(world, twin)
    _, text = good(client.get(compare(world, twin)))
    assert "Differs" in text and "Check-ins" in text
    assert "Check they are the same person" not in text  # no NHS number or birth date clash
    Person.objects.filter(pk=twin.pk).update(nhs_number="9994979493")
    _, text = good(client.get(compare(world, twin)))
    assert "Check they are the same person" in text and "different NHS numbers" in text
    seen = AccessEvent.objects.filter(actor=world.service_admin, action=AccessAction.VIEW)
    assert {world.pat.pk, twin.pk} <= set(seen.values_list("person_id", flat=True))
    answers = {**GOOD, "take_phone": "other", "take_nhs_number": "kept"}
    check, text = good(client.post(compare(world, twin), answers))
    assert "Check before you join" in check.h1s[0] and "07700 900123" in text
    assert "different NHS numbers" in text
    assert nothing_joined(world, twin)
    changed = assert_good_page(client.post(compare(world, twin), {**answers, "change": "1"}))
    assert changed.h1s == ["Compare the 2 records"]
    done = client.post(compare(world, twin), {**answers, "confirm": "1"})
    record = MergeRecord.objects.get()
    assert done["Location"] == reverse("people:merge_done", args=[record.pk])
    page, text = good(client.get(done["Location"]))
    assert "1 check-in moved" in text and "Registered twice" in text
    world.pat.refresh_from_db()
    assert world.pat.phone == "07700 900123" and not Person.objects.filter(pk=twin.pk).exists()
    assert FIND in page.links
    assert reverse("people:merge_done", args=[record.pk]) in (
        assert_good_page(client.get(FIND)).links
    )


def test_the_person_sees_their_records_were_joined_and_what_came(client, sign_in, world, twin):
    record = merging.merge(world.pat, twin, actor=world.service_admin, take={"phone"}, **GOOD)
    sign_in(client, world.pat_user)
    _, text = good(client.get(reverse("people:my_record")))
    assert "Your records were joined on" in text and reverse("export:summary") in text
    _, text = good(client.get(reverse("export:summary")))
    assert f"record {record.merged_away_id}" in text
    assert "1 check-in moved" in text and "Registered twice" in text
    assert "Sid Service, service admin" in text and "Phone" in text
    _, text = good(client.get(reverse("people:access_log")))
    assert "joined your two records into one" in text


def test_a_worker_sees_that_the_persons_records_were_joined(client, sign_in, world, twin):
    page = reverse("people:person_detail", args=[world.pat.pk])
    sign_in(client, world.recovery_coach)
    _, text = good(client.get(page))
    assert "2 records with us" not in text
    merging.merge(world.pat, twin, actor=world.service_admin, **GOOD)
    _, text = good(client.get(page))
    assert "had 2 records with us, joined on" in text and "tell a service admin" in text
    assert reverse("export:summary") not in text  # the person's own download, not staff's


def test_the_machine_readable_download_says_where_the_data_came_from(world, twin):
    import json

    from fhir.resources.R4B.bundle import Bundle

    from recoveryhub.people.export import fhir

    record = merging.merge(world.pat, twin, actor=world.service_admin, **GOOD)
    bundle = Bundle.model_validate_json(fhir.bundle_json(world.pat))
    [provenance] = [
        e.resource for e in bundle.entry if e.resource.get_resource_type() == "Provenance"
    ]
    assert provenance.activity.coding[0].code == "MERGE"
    assert provenance.entity[0].what.identifier.value == str(record.merged_away_id)
    assert "1 check-in moved" in provenance.text.div
    data = json.loads(fhir.bundle_json(world.pat))
    full_urls = {entry["fullUrl"] for entry in data["entry"]}
    [entry] = [e for e in data["entry"] if e["resource"]["resourceType"] == "Provenance"]
    assert entry["resource"]["target"][0]["reference"] in full_urls


def test_the_compare_page_says_what_happens_to_two_written_plans(client, sign_in, world, twin):
    from recoveryhub.plans import services as plan_services

    plan_services.save_plan(plan_services.plan_of(world.pat), by=world.clinician, strengths="A")
    sign_in(client, world.service_admin)
    _, text = good(client.get(compare(world, twin)))
    assert "Both records have a written" not in text
    plan_services.save_plan(plan_services.plan_of(twin), by=world.clinician, strengths="B")
    _, text = good(client.get(compare(world, twin)))
    assert "Both records have a written recovery and wellbeing plan" in text
    assert "Join these records" not in text and "Continue" in text  # not a refusal
