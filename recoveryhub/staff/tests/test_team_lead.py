"""A team lead (a manager in a team) gets a colleague in one of their own teams back in:
the same recorded check, email and audit as a service admin's. Nobody else's sign-in."""

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.accounts.models import RoleGrant
from recoveryhub.accounts.roles import Role
from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.core import permissions
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs.services import run_queued
from recoveryhub.people.models import Person, TeamMember
from recoveryhub.staff import services
from recoveryhub.staff.models import AccountRecovery, HowChecked, RecoveryKind
from recoveryhub.staff.tests.test_getting_back_in import lock_out

pytestmark = pytest.mark.django_db

TEAM = reverse("staff:team")


def reset_url(user):
    return reverse("staff:team_two_factor_reset", args=[user.pk])


def unlock_url(user):
    return reverse("staff:team_unlock", args=[user.pk])


def test_a_manager_finds_their_teams_staff_from_their_menu(client, sign_in, world):
    lock_out(world.peer_worker)
    sign_in(client, world.manager)
    assert TEAM in assert_good_page(client.get(reverse("core:home"))).links
    page = client.get(TEAM)
    facts = assert_good_page(page)
    text = page.content.decode()
    assert world.team_a.name in text and "Priya Peer" in text and "Rory Coach" in text
    assert "Locked out" in text
    assert unlock_url(world.peer_worker) in facts.links
    assert reset_url(world.peer_worker) in facts.links
    # Not herself, and not another team's clinician.
    assert "Cleo Clinician" not in text
    assert unlock_url(world.manager) not in facts.links


def test_a_team_lead_resets_two_factor_recorded_emailed_and_audited(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.manager)
    url = reset_url(world.peer_worker)
    assert_good_page(client.get(url))
    refused = client.post(url, {"how_checked": ""})
    assert "Select how you checked it is really them" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=world.peer_worker).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"how_checked": HowChecked.VIDEO, "details": "Badge"})
    assert response["Location"] == TEAM
    run_queued()
    assert not TOTPDevice.objects.filter(user=world.peer_worker).exists()
    recovery = AccountRecovery.objects.get(user=world.peer_worker)
    assert (recovery.kind, recovery.done_by, recovery.how_checked) == (
        RecoveryKind.TWO_FACTOR_RESET,
        world.manager,
        HowChecked.VIDEO,
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.peer_worker.email]
    assert "Mani Manager, a manager in your team," in mail.outbox[0].body
    removed = AuditEntry.objects.filter(object_type="authenticator app", action=AuditAction.DELETE)
    assert removed.get().actor == world.manager
    assert AuditEntry.objects.filter(object_type="account recovery", actor=world.manager).exists()


def test_a_team_lead_unlocks_a_colleague(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    lock_out(world.recovery_coach)
    sign_in(client, world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(unlock_url(world.recovery_coach), {"how_checked": HowChecked.CALL_BACK})
    run_queued()
    assert not services.is_locked(world.recovery_coach)
    assert AccountRecovery.objects.get().done_by == world.manager
    assert "You can sign in again now" in mail.outbox[0].body


def _service_admin_in_team_a(world):
    TeamMember.objects.create(user=world.service_admin, team=world.team_a, job_title="Admin")
    return world.service_admin


def _carer_in_team_a(world):
    RoleGrant.objects.create(user=world.carer_user, role=Role.PEER_WORKER)
    TeamMember.objects.create(user=world.carer_user, team=world.team_a, job_title="Peer")
    return world.carer_user


def _staff_with_own_record(world):
    Person.objects.create(full_name="Priya Peer", locality=world.fenland, user=world.peer_worker)
    return world.peer_worker


def _leaver(world):
    services.end_access(world.peer_worker)
    TeamMember.objects.create(user=world.peer_worker, team=world.team_a, job_title="Left")
    return world.peer_worker


TARGETS = {
    "another team's member": lambda w: w.clinician,
    "herself": lambda w: w.manager,
    "a service admin": _service_admin_in_team_a,
    "an admin": lambda w: w.admin,
    "a person": lambda w: w.pat_user,
    "a carer who is also staff": _carer_in_team_a,
    "staff with their own record": _staff_with_own_record,
    "a leaver": _leaver,
}


@pytest.mark.parametrize("kind", ["reset", "unlock"])
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_a_team_lead_is_refused_for_anyone_else(client, sign_in, world, target, kind):
    account = TARGETS[target](world)
    lock_out(account)
    TOTPDevice.objects.get_or_create(user=account, defaults={"name": "Phone"})
    sign_in(client, world.manager)
    url = reset_url(account) if kind == "reset" else unlock_url(account)
    mail.outbox.clear()
    assert client.get(url).status_code == 404
    assert client.post(url, {"how_checked": HowChecked.IN_PERSON}).status_code == 404
    assert not AccountRecovery.objects.exists()
    assert TOTPDevice.objects.filter(user=account).exists()
    assert not mail.outbox


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "pat_user", "service_admin"])
def test_only_team_leads_use_the_team_pages(client, sign_in, world, who):
    lock_out(world.recovery_coach)
    sign_in(client, getattr(world, who))
    assert client.get(TEAM).status_code == 404
    url = unlock_url(world.recovery_coach)
    assert client.post(url, {"how_checked": HowChecked.IN_PERSON}).status_code == 404
    assert not AccountRecovery.objects.exists()
    assert services.is_locked(world.recovery_coach)


def test_a_manager_in_no_team_is_told_so(client, sign_in, world):
    TeamMember.objects.filter(user=world.manager).delete()
    sign_in(client, world.manager)
    page = client.get(TEAM)
    assert_good_page(page)
    assert "You are not in a team yet" in page.content.decode()
    assert not permissions.staff_led_by(world.manager).exists()


def test_the_team_page_does_not_grow_with_the_team(
    client, sign_in, world, django_assert_max_num_queries
):
    sign_in(client, world.manager)
    client.get(TEAM)
    with django_assert_max_num_queries(20) as small:
        client.get(TEAM)
    for n in range(6):
        user = services.add_staff(
            full_name=f"Worker {n}",
            email=f"w{n}@nhs.example",
            roles=[Role.PEER_WORKER],
            teams=[world.team_a],
            job_title="Peer",
        )
        lock_out(user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(TEAM)
