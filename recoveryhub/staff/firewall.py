"""The firewall between colleagues (issue 18), its domain operations: naming a member of
staff's line manager, and "breaking the glass" to open a colleague's record with a stated
reason. The rule itself is in core/permissions.py (behind_firewall)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recoveryhub.accounts.roles import STAFF_ROLES
from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from .models import BreakGlass, LineManagement

SHORTEST_REASON = 10  # characters: "urgent" alone says nothing an auditor can check


def is_staff(user) -> bool:
    return bool(user.roles & STAFF_ROLES) or user.team_memberships.exists()


def line_manager_of(staff_member, on: date | None = None):
    current = LineManagement.objects.current(on).filter(staff_member=staff_member)
    found = current.select_related("line_manager").first()
    return found.line_manager if found else None


def name_line_manager(staff_member, line_manager, *, by, starts_on: date | None = None):
    """`line_manager` line-manages `staff_member` from `starts_on` (today); the one before
    stops the day before."""
    starts_on = starts_on or timezone.localdate()
    if line_manager == staff_member:
        raise ValidationError({"line_manager": "Nobody line-manages themselves"})
    for field, user in (("staff_member", staff_member), ("line_manager", line_manager)):
        if not user.is_active or not is_staff(user):
            raise ValidationError({field: f"{user.display_name} is not a member of staff"})
    with transaction.atomic():
        for current in LineManagement.objects.filter(staff_member=staff_member, ends_on=None):
            if current.starts_on >= starts_on:
                raise ValidationError(
                    {"starts_on": "Choose a day after the current line manager's first day"}
                )
            current.ends_on = starts_on - timedelta(days=1)
            current.save()
        return LineManagement.objects.create(
            staff_member=staff_member, line_manager=line_manager, starts_on=starts_on,
            named_by=by,
        )  # fmt: skip


def break_glass(actor, person, reason: str, *, route: str = "") -> BreakGlass:
    """Open a colleague's record for BREAK_GLASS_MINUTES: only for someone the firewall
    alone keeps out, with a reason. One access event for the person, one alert to the
    information governance lead once this commits."""
    reason = (reason or "").strip()
    if len(reason) < SHORTEST_REASON:
        raise ValidationError({"reason": "Say why you need to open this record"})
    if not permissions.behind_firewall(actor, person):
        raise ValidationError("This record is not behind a firewall for you")
    now = timezone.now()
    with transaction.atomic():
        opened = BreakGlass.objects.create(
            actor=actor, person=person, reason=reason, opened_at=now,
            until=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )  # fmt: skip
        if not permissions.can(actor, "person.view", person):  # opened, yet still refused
            raise ValidationError("Only people who would otherwise see it can open it")
        access_log.record(
            actor=actor, person=person, action=AccessAction.VIEW, obj=opened, route=route
        )
        from . import tasks

        transaction.on_commit(lambda: tasks.send_break_glass_alert.enqueue(opened.pk))
    return opened
