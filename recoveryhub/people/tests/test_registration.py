"""A worker registers someone referred to their team: likely duplicates are shown first,
and the worker picks one or makes a new record. Bad input writes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people.models import CaseloadAssignment, Person, TeamMember

pytestmark = pytest.mark.django_db

URL = reverse("people:person_register")


def details(world, **changes) -> dict:
    posted = {
        "full_name": "Robin Ellis",
        "preferred_name": "",
        "pronouns": "they/them",
        "date_of_birth_0": "14",
        "date_of_birth_1": "5",
        "date_of_birth_2": "1988",
        "nhs_number": "",
        "locality": str(world.fenland.pk),
        "team": str(world.team_a.pk),
        "named_worker": "yes",
        "email": "robin@example.com",
        "phone": "",
        "address": "",
        "contact_preference": "email",
        "communication_needs": ["easy_read"],
        "interpreter_language": "",
    }
    posted.update(changes)
    return posted


def written() -> tuple[int, int, int]:
    return Person.objects.count(), CaseloadAssignment.objects.count(), AccessEvent.objects.count()


def test_a_worker_finds_it_from_the_caseload_and_sees_their_team(client, sign_in, world):
    sign_in(client, world.peer_worker)
    assert URL in assert_good_page(client.get(reverse("people:caseload"))).links
    page = client.get(URL)
    assert_good_page(page)
    text = page.content.decode()
    assert world.team_a.name in text and world.team_b.name not in text
    assert f'value="{world.team_a.pk}" checked' in text  # their only team, chosen for them


def test_a_new_person_joins_the_teams_caseload_with_the_worker_named(client, sign_in, world):
    sign_in(client, world.peer_worker)
    response = client.post(URL, details(world))
    robin = Person.objects.get(full_name="Robin Ellis")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[robin.pk])
    assert (robin.pronouns, robin.date_of_birth, robin.email) == (
        "they/them",
        date(1988, 5, 14),
        "robin@example.com",
    )
    assert robin.easy_read and not robin.large_print
    joined = robin.caseload.get()
    assert (joined.team, joined.worker, joined.ends_on) == (world.team_a, world.peer_worker, None)
    event = AccessEvent.objects.get(person=robin)
    assert (event.actor, event.action) == (world.peer_worker, AccessAction.CHANGE)
    page = client.get(response["Location"])
    assert "Robin Ellis is now on Fenland Adult Locality Team" in page.content.decode()


def test_no_named_worker_when_the_worker_says_no(client, sign_in, world):
    sign_in(client, world.peer_worker)
    client.post(URL, details(world, named_worker="no"))
    assert Person.objects.get(full_name="Robin Ellis").caseload.get().worker is None


def test_the_same_nhs_number_is_shown_and_cannot_be_made_again(client, sign_in, world):
    world.quinn.nhs_number = "9434765919"
    world.quinn.save()
    sign_in(client, world.peer_worker)  # team A: Quinn is on team B's caseload
    before = written()
    page = client.post(URL, details(world, nhs_number="943 476 5919"))
    assert_good_page(page)
    text = page.content.decode()
    assert "We may already hold a record for Robin Ellis" in text
    assert "Quinn Taylor" in text and "Same NHS number" in text
    assert world.team_b.name in text  # the team whose caseload Quinn is on
    assert 'name="make_new"' not in text  # two people never share a number
    # The worker has seen Quinn's name: Quinn's access log says so. Nothing else written.
    seen = AccessEvent.objects.get(person=world.quinn)
    assert (seen.actor, seen.action) == (world.peer_worker, AccessAction.VIEW)
    assert written() == (before[0], before[1], before[2] + 1)

    refused = client.post(URL, details(world, nhs_number="9434765919", make_new="1"))
    assert "We hold a record with this NHS number" in refused.content.decode()
    assert Person.objects.filter(nhs_number="9434765919").count() == 1


def test_choosing_the_record_we_hold_puts_it_on_the_workers_team(client, sign_in, world):
    world.quinn.nhs_number = "9434765919"
    world.quinn.save()
    sign_in(client, world.peer_worker)
    people = Person.objects.count()
    response = client.post(
        URL, details(world, nhs_number="9434765919", chosen=str(world.quinn.pk))
    )
    assert response["Location"] == reverse("people:person_detail", args=[world.quinn.pk])
    assert Person.objects.count() == people
    assert world.quinn.caseload.current().filter(team=world.team_a).exists()
    assert world.quinn.caseload.current().filter(team=world.team_b).exists()  # still theirs
    assert client.get(response["Location"]).status_code == 200  # now on their caseload
    assert AccessEvent.objects.filter(person=world.quinn, action=AccessAction.CHANGE).exists()


@pytest.mark.parametrize("entered", ["Taylor Quinn", "Quin Tayler", "QUINN TAYLOR"])
def test_the_same_birthday_and_a_name_alike_is_shown(client, sign_in, world, entered):
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in(client, world.peer_worker)
    text = client.post(URL, details(world, full_name=entered)).content.decode()
    assert "Quinn Taylor" in text and "Same date of birth and a similar name" in text
    assert 'name="make_new"' in text
    assert not Person.objects.filter(full_name=entered).exists()


def test_a_new_record_when_none_of_them_is_the_person(client, sign_in, world):
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in(client, world.peer_worker)
    response = client.post(URL, details(world, full_name="Quin Tayler", make_new="1"))
    made = Person.objects.get(full_name="Quin Tayler")
    assert response["Location"] == reverse("people:person_detail", args=[made.pk])
    assert made.caseload.get().team == world.team_a


def test_someone_born_the_same_day_with_another_name_is_not_shown(client, sign_in, world):
    world.quinn.date_of_birth = date(1988, 5, 14)
    world.quinn.save()
    sign_in(client, world.peer_worker)
    response = client.post(URL, details(world, full_name="Quentin Blake"))
    assert response.status_code == 302  # nothing alike: made at once
    assert not AccessEvent.objects.filter(person=world.quinn).exists()


def test_choosing_a_record_that_was_not_offered_writes_nothing(client, sign_in, world):
    sign_in(client, world.peer_worker)
    before = written()
    page = client.post(URL, details(world, chosen=str(world.quinn.pk)))  # not alike
    assert "Choose one of the records below" in page.content.decode()
    assert written() == before
    assert not world.quinn.caseload.filter(team=world.team_a).exists()


def test_choosing_someone_already_on_the_team_adds_nothing(client, sign_in, world):
    sign_in(client, world.peer_worker)
    pat = details(world, full_name="Patricia Jones", nhs_number="9997654323")
    response = client.post(URL, {**pat, "chosen": str(world.pat.pk)})
    assert world.pat.caseload.count() == 1
    assert (
        "already on Fenland Adult Locality Team"
        in client.get(response["Location"]).content.decode()
    )


def test_a_worker_in_two_teams_chooses_one(client, sign_in, world):
    TeamMember.objects.create(user=world.peer_worker, team=world.team_b, job_title="Peer worker")
    sign_in(client, world.peer_worker)
    text = client.get(URL).content.decode()
    assert world.team_a.name in text and world.team_b.name in text
    page = client.post(URL, details(world, team=""))
    assert "Select the team whose caseload they are joining" in page.content.decode()
    client.post(URL, details(world, team=str(world.team_b.pk)))
    assert Person.objects.get(full_name="Robin Ellis").caseload.get().team == world.team_b


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter their full name"),
        ({"full_name": "x" * 201}, "Full name must be 200 characters or fewer"),
        ({"nhs_number": "1234567890"}, "NHS number"),
        ({"date_of_birth_2": "2999"}, "Date of birth"),
        ({"date_of_birth_1": "13"}, "Date of birth must be a real date"),
        ({"team": "999999"}, "Select one of your teams"),
        ({"named_worker": "maybe"}, "Select yes if you will be their named worker"),
        ({"email": "not an email"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a phone number"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(client, sign_in, world, changes, message):
    sign_in(client, world.peer_worker)
    before = written()
    page = client.post(URL, details(world, **changes))
    assert_good_page(page)
    assert page.content.decode().count(message) >= 1, message
    assert "Error: " in page.content.decode()
    assert written() == before


def test_a_nul_character_is_refused_and_writes_nothing(client, sign_in, world):
    sign_in(client, world.peer_worker)
    before = written()
    assert client.post(URL, details(world, full_name="Robin\x00Ellis")).status_code == 400
    assert written() == before


def test_a_worker_cannot_put_someone_on_another_teams_caseload(client, sign_in, world):
    sign_in(client, world.peer_worker)
    before = written()
    page = client.post(URL, details(world, team=str(world.team_b.pk)))
    assert "Select one of your teams" in page.content.decode()
    assert written() == before


def test_only_workers_in_a_team_may_register(client, sign_in, world):
    for who in [world.pat_user, world.carer_user, world.college_staff, world.manager, world.admin]:
        client.logout()
        sign_in(client, who)
        assert client.get(URL).status_code == 404
        assert client.post(URL, details(world)).status_code == 404
    TeamMember.objects.filter(user=world.clinician).delete()
    client.logout()
    sign_in(client, world.clinician)
    assert client.get(URL).status_code == 404
    assert URL not in client.get(reverse("people:caseload")).content.decode()
    assert not Person.objects.filter(full_name="Robin Ellis").exists()
