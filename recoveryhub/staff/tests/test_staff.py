"""Service admins add staff, change their roles and teams, and end a leaver's access,
all in the product's own pages; every change is in the audit trail."""

import pytest
from django.core import mail
from django.urls import reverse

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role
from recoveryhub.audit.models import AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs.services import run_queued
from recoveryhub.people.models import CaseloadAssignment, TeamMember

pytestmark = pytest.mark.django_db

LIST = reverse("staff:list")
ADD = reverse("staff:add")


def new_staff(world, **changes) -> dict:
    return {
        "full_name": "Nia Newstarter",
        "email": "Nia.Newstarter@nhs.example",
        "roles": [Role.PEER_WORKER],
        "teams": [str(world.team_a.pk)],
        "job_title": "Peer support worker",
        **changes,
    }


def test_a_service_admin_finds_staff_from_their_menu(client, sign_in, world):
    sign_in(client, world.service_admin)
    assert LIST in assert_good_page(client.get(reverse("core:home"))).links
    page = client.get(LIST)
    facts = assert_good_page(page)
    assert reverse("staff:account", args=[world.peer_worker.pk]) in facts.links
    assert ADD in facts.links
    assert "Patricia" not in page.content.decode()  # people are not staff
    found = client.get(LIST, {"q": "pat@"}).content.decode()
    assert "Patricia Jones" in found  # but anyone's sign-in can be found


def test_adding_staff_grants_roles_and_teams_and_emails_a_link(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.service_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, new_staff(world))
    run_queued()  # the job runner sends what was queued
    nia = User.objects.get(email="nia.newstarter@nhs.example")
    assert response["Location"] == reverse("staff:account", args=[nia.pk])
    assert nia.roles == {Role.PEER_WORKER} and not nia.has_usable_password()
    assert list(nia.team_memberships.values_list("team", "job_title")) == [
        (world.team_a.pk, "Peer support worker")
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [nia.email]
    assert "/reset/" in mail.outbox[0].body or "password" in mail.outbox[0].body
    trail = AuditEntry.objects.filter(actor=world.service_admin)
    assert {e.object_type for e in trail} >= {"user", "role grant", "team member"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter their full name"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": "PAT@example.com"}, "There is already a sign-in with this email address"),
        ({"roles": []}, "Select at least one role"),
        ({"roles": [Role.PERSON]}, "Select roles from the list"),
        ({"teams": ["999999"]}, "Select teams from the list"),
        ({"job_title": ""}, "Enter their job title in those teams"),
    ],
)
def test_bad_input_writes_nothing(client, sign_in, world, changes, message):
    sign_in(client, world.service_admin)
    users, entries = User.objects.count(), AuditEntry.objects.count()
    page = client.post(ADD, new_staff(world, **changes))
    assert_good_page(page)
    assert message in page.content.decode()
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, entries)


def test_roles_and_teams_change_and_other_roles_stay(client, sign_in, world):
    RoleGrant.objects.create(user=world.peer_worker, role=Role.CARER)
    sign_in(client, world.service_admin)
    url = reverse("staff:change", args=[world.peer_worker.pk])
    assert_good_page(client.get(url))
    client.post(
        url,
        {
            "full_name": "Priya Peer",
            "roles": [Role.RECOVERY_COACH],
            "teams": [str(world.team_b.pk)],
            "job_title": "Recovery coach",
        },
    )
    world.peer_worker.__dict__.pop("roles", None)
    assert world.peer_worker.roles == {Role.RECOVERY_COACH, Role.CARER}
    assert list(world.peer_worker.team_memberships.values_list("team", flat=True)) == [
        world.team_b.pk
    ]


def test_a_persons_own_sign_in_is_never_given_a_staff_role(client, sign_in, world):
    sign_in(client, world.service_admin)
    assert client.get(reverse("staff:change", args=[world.pat_user.pk])).status_code == 404


def test_a_leavers_session_ends_at_once_and_their_people_are_handed_over(client, sign_in, world):
    from django.test import Client

    coach = Client()
    sign_in(coach, world.recovery_coach)
    assert coach.get(reverse("people:caseload")).status_code == 200
    sign_in(client, world.service_admin)
    leaver = reverse("staff:leaver", args=[world.recovery_coach.pk])
    assert_good_page(client.get(leaver))
    refused = client.post(leaver, {"handover_to": str(world.peer_worker.pk)})  # no confirm
    assert "Confirm that they should be signed out for good" in refused.content.decode()
    assert User.objects.get(pk=world.recovery_coach.pk).is_active
    client.post(leaver, {"handover_to": str(world.peer_worker.pk), "confirm": "on"})
    # Their very next request is signed out, and they cannot sign in again.
    next_page = coach.get(reverse("people:caseload"))
    assert next_page.status_code == 302 and "/sign-in/" in next_page["Location"]
    coach_now = User.objects.get(pk=world.recovery_coach.pk)
    assert not coach_now.is_active and not coach_now.has_usable_password()
    assert not TeamMember.objects.filter(user=coach_now).exists()
    pats = CaseloadAssignment.objects.get(person=world.pat)
    assert pats.worker == world.peer_worker
    assert AuditEntry.objects.filter(object_type="user", actor=world.service_admin).exists()


def test_a_service_admin_cannot_end_their_own_access(client, sign_in, world):
    sign_in(client, world.service_admin)
    url = reverse("staff:leaver", args=[world.service_admin.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 404


def test_only_service_admins(client, sign_in, world):
    for who in [world.admin, world.manager, world.peer_worker, world.pat_user]:
        client.logout()
        sign_in(client, who)
        assert client.post(ADD, new_staff(world)).status_code == 404
        url = reverse("staff:leaver", args=[world.clinician.pk])
        assert client.post(url, {"confirm": "on"}).status_code == 404
    assert User.objects.get(pk=world.clinician.pk).is_active
    assert not User.objects.filter(email="nia.newstarter@nhs.example").exists()
