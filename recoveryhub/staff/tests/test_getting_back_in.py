"""A service admin resets two-factor sign-in or unlocks a sign-in after recording how they
checked who is asking; the owner is emailed; it is audited; other roles are refused."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.core.testing import assert_good_page
from recoveryhub.jobs.services import run_queued
from recoveryhub.staff import services
from recoveryhub.staff.models import AccountRecovery, HowChecked, RecoveryKind

pytestmark = pytest.mark.django_db


def lock_out(user):
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )


def test_two_factor_reset_is_recorded_emailed_and_audited(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    StaticDevice.objects.create(user=world.clinician, name="Backup codes")
    sign_in(client, world.service_admin)
    account = reverse("staff:account", args=[world.clinician.pk])
    url = reverse("staff:two_factor_reset", args=[world.clinician.pk])
    assert url in assert_good_page(client.get(account)).links
    assert_good_page(client.get(url))
    refused = client.post(url, {"how_checked": ""})
    assert "Select how you checked it is really them" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=world.clinician).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"how_checked": HowChecked.IN_PERSON, "details": "Saw her badge"})
    run_queued()  # the job runner sends what was queued
    assert not TOTPDevice.objects.filter(user=world.clinician).exists()
    assert not StaticDevice.objects.filter(user=world.clinician).exists()
    recovery = AccountRecovery.objects.get(user=world.clinician)
    assert (recovery.kind, recovery.done_by, recovery.details) == (
        RecoveryKind.TWO_FACTOR_RESET,
        world.service_admin,
        "Saw her badge",
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.clinician.email]
    assert "reset two-factor sign-in" in mail.outbox[0].body
    removed = AuditEntry.objects.filter(object_type="authenticator app", action=AuditAction.DELETE)
    assert removed.get().actor == world.service_admin
    # Next time she signs in she must set it up again.
    client.logout()
    client.force_login(world.clinician)
    assert client.get(reverse("people:caseload"))["Location"] == reverse(
        "accounts:two_factor_setup"
    )


def test_unlock_lets_them_try_again_at_once(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    lock_out(world.pat_user)
    assert services.is_locked(world.pat_user)
    sign_in(client, world.service_admin)
    page = client.get(reverse("staff:account", args=[world.pat_user.pk]))
    assert "Yes: too many wrong passwords or codes" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("staff:unlock", args=[world.pat_user.pk]),
            {"how_checked": HowChecked.CALL_BACK},
        )
    run_queued()  # the job runner sends what was queued
    assert not services.is_locked(world.pat_user)
    assert AccountRecovery.objects.get(user=world.pat_user).kind == RecoveryKind.UNLOCK
    assert "You can sign in again now" in mail.outbox[0].body


@pytest.mark.parametrize("kind", ["two_factor_reset", "unlock"])
def test_other_roles_are_refused_and_nothing_changes(client, sign_in, world, kind):
    lock_out(world.clinician)
    url = reverse(f"staff:{kind}", args=[world.clinician.pk])
    for who in [world.admin, world.manager, world.peer_worker, world.pat_user, world.clinician]:
        client.logout()
        sign_in(client, who)
        assert client.post(url, {"how_checked": HowChecked.IN_PERSON}).status_code == 404
    assert TOTPDevice.objects.filter(user=world.clinician).exists()
    assert services.is_locked(world.clinician)
    assert not AccountRecovery.objects.exists()


def test_the_notice_names_what_was_done(world):
    recovery = services.unlock(
        world.pat_user, actor=world.service_admin, how_checked=HowChecked.VIDEO, details=""
    )
    from recoveryhub.staff.emails import send_recovery_notice

    assert send_recovery_notice(recovery.pk) == 1
    assert send_recovery_notice(recovery.pk + 1000) == 0  # gone: nothing sent
