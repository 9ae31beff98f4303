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
