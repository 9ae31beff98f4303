"""How a clinic tablet is shown to service admins: its state, last contact and queue.
Pure display logic, no database access."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from recoveryhub.core.presenters import long_date


def last_contact(when: datetime | None, now: datetime | None = None) -> str:
    """'Just now', '2 minutes ago', '3 hours ago', then '1 April 2026'; 'Never'."""
    if when is None:
        return "Never"
    seconds = ((now or timezone.now()) - when).total_seconds()
    if seconds < 60:
        return "Just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return long_date(when)


def state(kiosk) -> tuple[str, str]:
    """(words, NHS tag colour)."""
    if kiosk.revoked_at is not None:
        return "Stopped", "grey"
    if kiosk.enrolled_at is None:
        return "Not set up yet", "yellow"
    return "Set up", "green"


@dataclass(frozen=True)
class KioskRow:
    pk: int
    name: str
    team: str
    state: str
    colour: str
    last_contact: str
    waiting: str


def row(kiosk, now: datetime | None = None) -> KioskRow:
    words, colour = state(kiosk)
    stopped = kiosk.revoked_at is not None
    return KioskRow(
        pk=kiosk.pk,
        name=kiosk.name,
        team=kiosk.team.name,
        state=words,
        colour=colour,
        last_contact=last_contact(kiosk.last_contact_at, now),
        waiting="None" if stopped or not kiosk.waiting_on_device else str(kiosk.waiting_on_device),
    )


def summary_rows(kiosk, now: datetime | None = None) -> list[dict]:
    """NHS summary list rows for one tablet."""
    shown = row(kiosk, now)
    rows = [
        ("Team", shown.team),
        ("State", shown.state),
        ("Set up on", long_date(kiosk.enrolled_at) or "Not set up yet"),
        ("Last contact", shown.last_contact),
        ("Answers waiting on the tablet", shown.waiting),
    ]
    if kiosk.revoked_at is not None:
        rows += [
            ("Stopped on", long_date(kiosk.revoked_at)),
            ("Why it was stopped", kiosk.revoke_reason or "Not given"),
        ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]
