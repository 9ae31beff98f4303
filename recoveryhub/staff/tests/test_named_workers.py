"""A service admin sets or changes the named worker of a person
on a team's caseload, choosing only from the team's workers; each change is audited."""

import pytest
from django.urls import reverse

from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.core.testing import assert_good_page
from recoveryhub.people.models import CaseloadAssignment, TeamMember
from recoveryhub.staff import named_workers

pytestmark = pytest.mark.django_db


def pats(world):
    return CaseloadAssignment.objects.get(person=world.pat)


def quinns(world):
    return CaseloadAssignment.objects.get(person=world.quinn)


def change_url(world, assignment):
    return reverse("staff:change_named_worker", args=[assignment.team_id, assignment.pk])


def test_a_service_admin_reaches_a_teams_named_workers_by_links(client, sign_in, world):
    sign_in(client, world.service_admin)
    teams = reverse("staff:teams")
    assert teams in assert_good_page(client.get(reverse("staff:list"))).links
    page = client.get(teams)
    team_a = reverse("staff:named_workers", args=[world.team_a.pk])
    assert team_a in assert_good_page(page).links
    listed = client.get(team_a)
    assert change_url(world, pats(world)) in assert_good_page(listed).links
    assert "Pat Jones" in listed.content.decode()
    assert "Rory Coach" in listed.content.decode()
    # And from the worker's own account page.
    coach = client.get(reverse("staff:account", args=[world.recovery_coach.pk]))
    assert team_a in assert_good_page(coach).links
    assert "1 person in Fenland Adult Locality Team" in coach.content.decode()


def test_changing_the_named_worker_is_saved_and_audited(client, sign_in, world):
    sign_in(client, world.service_admin)
    url = change_url(world, pats(world))
    assert_good_page(client.get(url))
    response = client.post(url, {"worker": str(world.peer_worker.pk)})
    assert response["Location"] == reverse("staff:named_workers", args=[world.team_a.pk])
    assert pats(world).worker == world.peer_worker
    entry = AuditEntry.objects.get(object_type="caseload assignment", action=AuditAction.CHANGE)
    assert entry.actor == world.service_admin
    assert entry.changes == {"worker_id": [world.recovery_coach.pk, world.peer_worker.pk]}
    client.post(url, {"worker": "none"})
    assert pats(world).worker is None


def test_a_manager_cannot_see_or_set_named_workers_even_for_their_own_team(client, sign_in, world):
    """The list names people: managers see aggregates only (DESIGN.md)."""
    sign_in(client, world.manager)
    team_page = reverse("staff:named_workers", args=[world.team_a.pk])
    assert team_page not in assert_good_page(client.get(reverse("staff:team"))).links
    assert client.get(team_page).status_code == 404
    url = change_url(world, pats(world))
    assert client.post(url, {"worker": str(world.peer_worker.pk)}).status_code == 404
    assert pats(world).worker == world.recovery_coach


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({}, "Select who is their named worker, or no one for now"),
        ({"worker": "banana"}, "Select a worker from the list"),
        ({"worker": "999999"}, "Select a worker from the list"),
        # In another team, not a worker, or the manager herself: not on the list.
        ({"worker": "clinician"}, "Select a worker from the list"),
        ({"worker": "manager"}, "Select a worker from the list"),
    ],
)
def test_bad_choices_are_refused_and_nothing_changes(client, sign_in, world, posted, error):
    if posted.get("worker") in {"clinician", "manager"}:
        posted = {"worker": str(getattr(world, posted["worker"]).pk)}
    sign_in(client, world.service_admin)
    response = client.post(change_url(world, pats(world)), posted)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and "Error:" in page
    assert pats(world).worker == world.recovery_coach
    changed = AuditEntry.objects.filter(object_type="caseload assignment", action="change")
    assert not changed.exists()


def test_a_worker_who_left_the_team_a_moment_ago_is_not_named(world):
    TeamMember.objects.filter(user=world.peer_worker).delete()
    with pytest.raises(named_workers.NotInTeamError):
        named_workers.set_named_worker(pats(world), world.peer_worker)
    assert pats(world).worker == world.recovery_coach


def test_an_ended_or_other_teams_assignment_is_not_found(client, sign_in, world):
    sign_in(client, world.service_admin)
    wrong_team = reverse("staff:change_named_worker", args=[world.team_a.pk, quinns(world).pk])
    assert client.post(wrong_team, {"worker": "none"}).status_code == 404
    assignment = pats(world)
    assignment.ends_on = assignment.starts_on
    assignment.save()
    assert client.post(change_url(world, assignment), {"worker": "none"}).status_code == 404
    assert CaseloadAssignment.objects.get(pk=assignment.pk).worker == world.recovery_coach


@pytest.mark.parametrize("who", ["peer_worker", "recovery_coach", "clinician", "pat_user"])
def test_others_are_refused(client, sign_in, world, who):
    sign_in(client, getattr(world, who))
    assert client.get(reverse("staff:teams")).status_code == 404
    assert client.get(reverse("staff:named_workers", args=[world.team_a.pk])).status_code == 404
    url = change_url(world, pats(world))
    assert client.post(url, {"worker": str(world.peer_worker.pk)}).status_code == 404
    assert pats(world).worker == world.recovery_coach


def test_a_manager_is_refused_for_another_team(client, sign_in, world):
    sign_in(client, world.manager)
    assert client.get(reverse("staff:teams")).status_code == 404
    assert client.get(reverse("staff:named_workers", args=[world.team_b.pk])).status_code == 404
    url = change_url(world, quinns(world))
    assert client.post(url, {"worker": str(world.clinician.pk)}).status_code == 404
    assert quinns(world).worker is None


def test_the_teams_page_counts_people_without_a_named_worker(world):
    counts = {t.name: (t.people, t.unnamed) for t in named_workers.teams_with_counts()}
    assert counts == {world.team_a.name: (1, 0), world.team_b.name: (1, 1)}


def test_the_person_sees_who_looked_and_who_changed_it(client, sign_in, world):
    sign_in(client, world.service_admin)
    client.get(reverse("staff:named_workers", args=[world.team_a.pk]))
    url = change_url(world, pats(world))
    client.get(url)
    client.post(url, {"worker": "none"})
    events = AccessEvent.objects.filter(person=world.pat).order_by("pk")
    assert [(e.actor, e.action, e.object_type) for e in events] == [
        (world.service_admin, AccessAction.VIEW, "caseload assignment"),
        (world.service_admin, AccessAction.VIEW, "caseload assignment"),
        (world.service_admin, AccessAction.CHANGE, "caseload assignment"),
    ]
