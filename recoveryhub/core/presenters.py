"""Display formatting shared by every app, in the NHS style (no database access)."""

from datetime import date, datetime

from django.utils import timezone


def long_date(value: date | datetime | None) -> str:
    """'1 April 2026', as the NHS style guide writes dates."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # the day it was in the UK, not in UTC
    return f"{value.day} {value:%B %Y}"


def clock(value: datetime) -> str:
    """'10am', '2:30pm', 'midday', 'midnight' in the trust's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"
