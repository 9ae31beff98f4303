"""Dates and status rules for episodes, with no database access (unit-tested alone)."""

import calendar
from datetime import date, timedelta

from .models import Status

# FHIR EpisodeOfCare statuses a worker may move an episode between. Finishing is done by
# ending it well (services.end_episode), never by a bare status change; finished,
# cancelled and entered-in-error are final: a return is a new episode, linked to this one.
MOVES = {
    Status.PLANNED: {Status.WAITLIST, Status.ACTIVE, Status.CANCELLED, Status.ENTERED_IN_ERROR},
    Status.WAITLIST: {Status.ACTIVE, Status.CANCELLED, Status.ENTERED_IN_ERROR},
    Status.ACTIVE: {Status.ONHOLD, Status.ENTERED_IN_ERROR},
    Status.ONHOLD: {Status.ACTIVE, Status.ENTERED_IN_ERROR},
    Status.FINISHED: set(),
    Status.CANCELLED: set(),
    Status.ENTERED_IN_ERROR: set(),
}
ENDABLE = frozenset({Status.ACTIVE, Status.ONHOLD})
# Follow-up check-ins offered after the end: at 91 days and at 6 months.
FOLLOW_UP_DAYS = (91, 182)
# The pass reminder goes this many days before the pass ends.
REMIND_DAYS_BEFORE = 30


def moves_from(status: str) -> set[str]:
    return set(MOVES.get(status, set()))


def may_move(from_status: str, to_status: str) -> bool:
    return to_status in MOVES.get(from_status, set())


def planned_end(starts_on: date, weeks: int) -> date:
    return starts_on + timedelta(weeks=weeks)


def first_review(starts_on: date, weeks: int) -> date:
    """Half-way, so there is time to change course before the planned end."""
    return starts_on + timedelta(days=max(7, weeks * 7 // 2))


def months_from(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_between(start: date, end: date) -> int:
    return max(0, (end - start).days)
