"""A cared-for person's Recovery College places, as their carer sees them when the person
shares "Recovery College" with them: each course, its dates, the next session and the
place's status. Not the learning plan: that is the person's own words to their trainers
about how they learn and what support they need, which permissions give to the student,
their trainers and College staff only ("student.view_learning_plan").

`places` reads the database in one query; `present` is pure."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from recoveryhub.college import places as college_places
from recoveryhub.college.models import Enrolment, RunStatus
from recoveryhub.college.places import CANCELLED, GROUPS, PAST, UPCOMING, WAITING
from recoveryhub.college.presenters import day_and_date, session_when
from recoveryhub.core.presenters import long_date

# Shown in the College's order of groups: coming up first, then waiting, finished, cancelled.
STATUS = {
    UPCOMING: ("Place confirmed", "green"),
    WAITING: ("On the waiting list", "yellow"),
    PAST: ("Finished", "grey"),
    CANCELLED: ("Cancelled", "grey"),
}


@dataclass(frozen=True)
class Place:
    course: str
    term: str
    dates: str
    next_session: str
    status: str
    tag_colour: str
    group: str


def places(person) -> list:
    """The person's places (enrolments) with their run's dates worked out in SQL."""
    enrolments = Enrolment.objects.filter(student__person=person).select_related(
        "run__course", "run__term"
    )
    return list(
        college_places.with_sessions(enrolments)
        .filter(~Q(run__status=RunStatus.DRAFT))
        .order_by("run__first_session_at", "pk")
    )


def dates(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "Dates to be confirmed"
    if timezone.localdate(first) == timezone.localdate(last):
        return day_and_date(first)
    return f"{long_date(first)} to {long_date(last)}"


def present(enrolments) -> list[Place]:
    """Pure: the places as the carer reads them, coming-up places soonest first."""
    shown = []
    for enrolment in enrolments:
        where = college_places.group(enrolment)
        text, colour = STATUS[where]
        if where == CANCELLED and enrolment.run.status == RunStatus.CANCELLED:
            text = "Cancelled by the College"
        next_session = "None"
        if where in (UPCOMING, WAITING) and enrolment.next_starts_at is not None:
            next_session = session_when(enrolment.next_starts_at, enrolment.next_ends_at)
            if enrolment.next_venue:
                next_session += f", {enrolment.next_venue}"
        shown.append(
            Place(
                course=enrolment.run.course.title,
                term=enrolment.run.term.name,
                dates=dates(enrolment.first_starts_at, enrolment.last_ends_at),
                next_session=next_session,
                status=text,
                tag_colour=colour,
                group=where,
            )
        )
    # Stable: within a group, the order of the runs' first sessions.
    return sorted(shown, key=lambda place: GROUPS.index(place.group))
