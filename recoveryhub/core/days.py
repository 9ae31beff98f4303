"""Days as moments: where a day of the trust's calendar starts."""

from datetime import date, datetime, time

from django.utils import timezone


def midnight(day: date) -> datetime:
    """The start of `day` in the current time zone (the trust's: Europe/London)."""
    return timezone.make_aware(datetime.combine(day, time.min))
