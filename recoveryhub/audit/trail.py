"""Writes the audit trail from Django's model signals, for every model marked `Audited`
(and the two-factor devices, which are not ours to mark).

Who made a change comes from the request (middleware.py) or `acting_as` in commands and
jobs; with neither it is "Recovery Hub" itself. Bulk writes (QuerySet.update, bulk_create)
send no signals, so administrative changes must go through save() and delete(), as
forms, services and the Django admin do.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from .models import AuditAction, Audited, AuditEntry

SYSTEM = "Recovery Hub"
# Never copied into the trail: sign-in secrets, and what only changes by itself.
NOT_KEPT = {"password", "key", "token_hash", "secret", "last_login", "throttling_failure_count",
            "throttling_failure_timestamp", "last_t", "last_used_at", "created_at"}  # fmt: skip
ALSO_AUDITED = ["otp_totp.TOTPDevice", "otp_static.StaticDevice"]
# What the trail calls them, in words an admin uses.
KIND_NAMES = {
    "otp_totp.totpdevice": "authenticator app",
    "otp_static.staticdevice": "backup codes",
}

_acting = ContextVar("audit_acting", default=(None, ""))


@contextmanager
def acting_as(user, route: str = ""):
    """Changes made inside are written as `user`'s (None: Recovery Hub itself)."""
    token = _acting.set((user, route))
    try:
        yield
    finally:
        _acting.reset(token)


# Models not audited row by row whose changes some code writes to the trail itself
# (write_many): College students anonymised by the retention job (their record is kept
# in the College's own history), job runs an admin retried or gave up on.
WRITTEN_IN_BULK = ["college.Student", "jobs.JobRun"]


def audited_models() -> list:
    ours = [m for m in apps.get_models() if issubclass(m, Audited)]
    return ours + [apps.get_model(label) for label in ALSO_AUDITED]


def connect() -> None:
    for model in audited_models():
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_remember_before, sender=model, dispatch_uid=uid)
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def kind_name(model) -> str:
    return KIND_NAMES.get(model._meta.label_lower, str(model._meta.verbose_name))


def kept_fields(model) -> list:
    # The record's own id is the entry's object_id, not a change.
    return [f for f in model._meta.concrete_fields if f.name not in NOT_KEPT and not f.primary_key]


def values(instance) -> dict:
    """The kept fields as JSON: ids for foreign keys, ISO text for dates."""
    return {f.attname: _plain(f.value_from_object(instance)) for f in kept_fields(type(instance))}


def differences(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that differ."""
    names = dict.fromkeys([*before, *after])
    return {n: [before.get(n), after.get(n)] for n in names if before.get(n) != after.get(n)}


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _remember_before(sender, instance, raw=False, **kwargs):
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).first()
    instance._audit_before = values(stored) if stored is not None else None


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = values(instance)
    if created or before is None:
        _write(instance, AuditAction.CREATE, differences({}, after))
        return
    changed = differences(before, after)
    if changed:
        _write(instance, AuditAction.CHANGE, changed)


def _deleted(sender, instance, **kwargs):
    _write(instance, AuditAction.DELETE, differences(values(instance), {}))


def _write(instance, action: str, changes: dict) -> AuditEntry:
    entry = _entry(type(instance), action, instance.pk, instance, changes)
    entry.save()
    return entry


def write_many(model, action: str, rows) -> int:
    """Entries for a bulk write that sends no signals (QuerySet.update, a raw delete),
    one per (object_id, label, changes) row, as the current actor, in the caller's
    transaction: for code that must write in bulk, e.g. the retention job."""
    entries = [_entry(model, action, *row) for row in rows]
    return len(AuditEntry.objects.bulk_create(entries, batch_size=500))


def _entry(model, action: str, object_id, label, changes: dict) -> AuditEntry:
    """An unsaved entry by whoever is acting now (acting_as), or the system."""
    user, route = _acting.get()
    signed_in = user is not None and user.is_authenticated
    return AuditEntry(
        actor=user if signed_in and user.pk else None,
        actor_label=user.email if signed_in else SYSTEM,
        action=action,
        object_type=kind_name(model),
        object_id=str(object_id),
        object_label=str(label)[:300],
        changes=changes,
        route=route[:500],
    )
