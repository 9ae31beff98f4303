"""Employment support pages: starting support for someone on the team's caseload, and one
person's support, read by its team's workers and the person. The caseload itself is in
test_ips_caseload.py."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.models import AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.pathways.models import EmploymentSupport

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def logged() -> list[tuple]:
    return [
        (e.actor_id, e.action, e.object_type, e.person_id)
        for e in AccessEvent.objects.order_by("pk")
    ]


# Starting support -------------------------------------------------------------------------


def start_url(person) -> str:
    return reverse("pathways:support_start", args=[person.pk])


def date_fields(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def start_data(world, **changes) -> dict:
    data = {
        "team": world.team_a.pk, "specialist": world.recovery_coach.pk, "out_of_work": "yes",
        **date_fields("referred_on", TODAY() - timedelta(3)),
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_worker_starts_support_for_someone_on_their_caseload(client, sign_in, world):
    sign_in(client, world.peer_worker)
    page = client.get(start_url(world.pat))
    assert assert_good_page(page).h1s == ["Start employment support"]
    assert "IPS counts people into work among those who were out of work" in page.content.decode()
    response = client.post(start_url(world.pat), start_data(world))
    support = EmploymentSupport.objects.get(person=world.pat)
    assert response.status_code == 302 and response["Location"] == reverse(
        "pathways:support", args=[support.pk]
    )
    assert (support.specialist, support.out_of_work_at_referral) == (world.recovery_coach, True)
    assert logged() == [(world.peer_worker.pk, "change", "employment support", world.pat.pk)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team": None}, "Choose the team"),
        ({"team": 10**6}, "Choose the team"),
        ({"specialist": None}, "Choose the employment specialist"),
        ({"specialist": "abc"}, "Choose the employment specialist"),
        ({"out_of_work": None}, "Say whether they were out of work when referred"),
        ({"out_of_work": "maybe"}, "Select a valid choice"),
        ({"referred_on_0": ""}, "The referral date must include a day"),
        ({"referred_on_1": "13"}, "The referral date must be a real date"),
        ({**date_fields("referred_on", TODAY() + timedelta(1))}, "The referral date must be"),
    ],
)
def test_bad_input_to_start_is_explained_and_nothing_written(
    client, sign_in, world, changes, message
):
    sign_in(client, world.peer_worker)
    response = client.post(start_url(world.pat), start_data(world, **changes))
    facts = assert_good_page(response)
    assert facts.title.startswith("Error: ")
    assert message in response.content.decode()
    assert not EmploymentSupport.objects.exists() and logged() == []


def test_the_specialist_must_be_in_the_chosen_team(client, sign_in, world):
    from recoveryhub.people.models import TeamMember

    TeamMember.objects.create(user=world.peer_worker, team=world.team_b, job_title="Peer")
    sign_in(client, world.peer_worker)
    data = start_data(world, team=world.team_b.pk, specialist=world.recovery_coach.pk)
    body = client.post(start_url(world.pat), data).content.decode()
    assert f"Choose an employment specialist in {world.team_b.name}" in body
    assert not EmploymentSupport.objects.exists()


def test_someone_with_support_already_cannot_start_again(client, sign_in, world, pathways):
    sign_in(client, world.peer_worker)
    body = client.post(start_url(world.pat), start_data(world)).content.decode()
    assert "already has employment support" in body
    assert EmploymentSupport.objects.count() == 1


@pytest.mark.parametrize("who", ["clinician", "manager", "college_staff", "carer_user"])
def test_only_workers_on_the_persons_team_start_support(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get(start_url(world.pat)).status_code == 404
    assert client.post(start_url(world.pat), start_data(world)).status_code == 404
    assert not EmploymentSupport.objects.exists()


def test_a_bad_person_id_is_not_found(client, sign_in, world):
    sign_in(client, world.peer_worker)
    assert client.get(reverse("pathways:support_start", args=[10**6])).status_code == 404


# One person's support -----------------------------------------------------------------


def support_url(support) -> str:
    return reverse("pathways:support", args=[support.pk])


def test_a_worker_reads_the_support_and_it_is_logged(client, sign_in, world, pathways):
    sign_in(client, world.recovery_coach)
    response = client.get(support_url(pathways.pat_support))
    facts = assert_good_page(response)
    body = response.content.decode()
    assert facts.h1s == ["Employment support for Pat"]
    assert "15 days after referral, within a month" in body
    assert "Library assistant at March Library" in body
    assert "12 hours a week, About the National Living Wage" in body
    for name in ("support_progress", "job_add", "support_end"):
        assert reverse(f"pathways:{name}", args=[pathways.pat_support.pk]) in facts.links
    assert reverse("pathways:job_end", args=[pathways.pat_job.pk]) in facts.links
    assert logged() == [(world.recovery_coach.pk, "view", "employment support", world.pat.pk)]


def test_the_person_reads_their_own_support_as_you_without_links(client, sign_in, world, pathways):
    sign_in(client, world.pat.user)
    response = client.get(support_url(pathways.pat_support))
    facts = assert_good_page(response)
    assert facts.h1s == ["Your employment support"]
    assert "is helping you find and keep paid work" in response.content.decode()
    assert reverse("pathways:job_add", args=[pathways.pat_support.pk]) not in facts.links
    assert logged() == []  # their own record


@pytest.mark.parametrize("who", ["clinician", "manager", "carer_user", "college_staff", "student"])
def test_others_cannot_read_the_support(client, sign_in, world, pathways, who):
    sign_in(client, getattr(world, who))
    assert client.get(support_url(pathways.pat_support)).status_code == 404
    assert logged() == []


def test_a_bad_support_id_is_not_found(client, sign_in, world):
    sign_in(client, world.peer_worker)
    assert client.get(reverse("pathways:support", args=[10**6])).status_code == 404
