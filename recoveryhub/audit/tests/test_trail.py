"""Every administrative change is one entry with before and after, written in the same
transaction as the change; no one can change or delete an entry."""

from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from recoveryhub.audit import trail
from recoveryhub.audit.models import AuditAction, AuditEntry
from recoveryhub.people.models import Team

pytestmark = pytest.mark.django_db


def test_the_models_an_admin_changes_are_all_audited():
    labels = {model._meta.label_lower for model in trail.audited_models()}
    assert {
        "accounts.user", "accounts.rolegrant", "people.locality", "people.serviceline",
        "people.team", "people.teammember", "people.person", "people.carerlink",
        "people.caseloadassignment", "people.signinlink", "college.course", "college.venue",
        "college.fundingsource", "college.term", "college.curriculumarea", "college.courserun",
        "otp_totp.totpdevice", "otp_static.staticdevice",
    } <= labels  # fmt: skip


def test_add_change_and_remove_each_write_one_entry_with_before_and_after(world):
    mark = AuditEntry.objects.order_by("id").last().pk  # the world's own entries come first
    with trail.acting_as(world.admin, "/somewhere/"):
        team = Team.objects.create(
            name="Huntingdon Reablement Team",
            service_line=world.team_a.service_line,
            locality=world.fenland,
        )
        team.phone = "01632 960 001"
        team.save()
        team.save()  # nothing changed: nothing written
        team_id = team.pk
        team.delete()
    added, changed, removed = AuditEntry.objects.filter(pk__gt=mark).order_by("id")
    assert added.action == AuditAction.CREATE
    assert added.changes["name"] == [None, "Huntingdon Reablement Team"]
    assert added.changes["locality_id"] == [None, world.fenland.pk]
    assert (added.actor, added.actor_label, added.route) == (
        world.admin,
        world.admin.email,
        "/somewhere/",
    )
    assert changed.action == AuditAction.CHANGE
    assert changed.changes == {"phone": ["", "01632 960 001"]}
    assert removed.action == AuditAction.DELETE
    assert removed.changes["name"] == ["Huntingdon Reablement Team", None]
    assert {e.object_id for e in (added, changed, removed)} == {str(team_id)}


def test_without_a_signed_in_user_the_change_is_recovery_hubs_own(world):
    world.team_a.phone = "01632 960 002"
    world.team_a.save()
    entry = AuditEntry.objects.get(object_type="team", action=AuditAction.CHANGE)
    assert (entry.actor, entry.actor_label) == (None, trail.SYSTEM)


def test_secrets_are_never_kept(world):
    world.admin.set_password("another-long-password-99")
    world.admin.save()
    world.admin.totp_device.key = "00" * 20
    world.admin.totp_device.save()
    for entry in AuditEntry.objects.all():
        assert not {"password", "key", "token_hash"} & set(entry.changes), entry.changes
    assert not AuditEntry.objects.filter(object_type="user", action=AuditAction.CHANGE).exists()


def test_a_failing_save_writes_no_entry(world):
    before = AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(
            name=world.team_a.name,  # names are unique
            service_line=world.team_a.service_line,
            locality=world.fenland,
        )
    assert AuditEntry.objects.count() == before


def test_a_change_whose_entry_cannot_be_written_is_not_made(world):
    """One transaction: if the trail cannot be written, the change is rolled back too."""
    with (
        mock.patch.object(trail, "_write", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        world.team_a.phone = "01632 960 003"
        world.team_a.save()
    world.team_a.refresh_from_db()
    assert world.team_a.phone == ""


def test_no_one_can_change_or_delete_an_entry(world):
    world.team_a.phone = "01632 960 004"
    world.team_a.save()
    entry = AuditEntry.objects.get(object_type="team", action=AuditAction.CHANGE)
    entry.actor_label = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="someone else")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.actor_label == trail.SYSTEM


def test_values_are_plain_json():
    assert trail.differences({"a": 1, "b": "x"}, {"a": 1, "b": "y", "c": None}) == {
        "b": ["x", "y"]
    }
