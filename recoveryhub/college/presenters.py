"""How the prospectus says things: dates, times, places, trainers and venues (no database).

Times are shown in the trust's time zone (Europe/London) in the NHS style:
"10am", "2:30pm", "midday". Every function takes plain values or objects with the
named attributes, so they are tested alone.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from recoveryhub.core.presenters import clock, long_date

# Day and time of day, as the prospectus filters them (ISO weekday numbers: Monday is 1).
DAYS = [
    ("monday", "Monday", 1),
    ("tuesday", "Tuesday", 2),
    ("wednesday", "Wednesday", 3),
    ("thursday", "Thursday", 4),
    ("friday", "Friday", 5),
    ("saturday", "Saturday", 6),
    ("sunday", "Sunday", 7),
]
# (value, label, first hour, hour after the last): a session is in the part of the day it starts.
TIMES_OF_DAY = [
    ("morning", "Morning (starts before midday)", 0, 12),
    ("afternoon", "Afternoon (starts midday to 5pm)", 12, 17),
    ("evening", "Evening (starts 5pm or later)", 17, 24),
]

PEER_TEXT = "peer trainer with lived experience"
PRACTITIONER_TEXT = "practitioner trainer"
COPRODUCED_NOTE = (
    "Co-produced: taught together by a peer trainer with lived experience "
    "and a practitioner trainer."
)


def time_of_day(hour: int) -> str:
    for value, _label, first, after in TIMES_OF_DAY:
        if first <= hour < after:
            return value
    raise ValueError(f"no hour {hour}")


def day_and_date(value: datetime) -> str:
    """'Monday 5 April 2027'."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%A} {long_date(local)}"


def time_range(starts_at: datetime, ends_at: datetime) -> str:
    return f"{clock(starts_at)} to {clock(ends_at)}"


def session_when(starts_at: datetime, ends_at: datetime) -> str:
    """'Monday 5 April 2027, 10am to midday'."""
    return f"{day_and_date(starts_at)}, {time_range(starts_at, ends_at)}"


def duration(minutes: int) -> str:
    """'2 hours', '1 hour 30 minutes', '45 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def sessions_text(count: int, minutes: int) -> str:
    """'4 sessions of 2 hours each', '1 session of 90 minutes'."""
    if count == 1:
        return f"1 session of {duration(minutes)}"
    return f"{count} sessions of {duration(minutes)} each"


def first_name(full_name: str, preferred_name: str = "") -> str:
    """What a trainer is called in the prospectus: their preferred name, or first name."""
    if preferred_name.strip():
        return preferred_name.strip()
    words = full_name.split()
    return words[0] if words else "A trainer"


def trainer_kind_text(kind: str) -> str:
    return PEER_TEXT if kind == "peer" else PRACTITIONER_TEXT


def is_coproduced(kinds) -> bool:
    kinds = set(kinds)
    return {"peer", "practitioner"} <= kinds


@dataclass(frozen=True)
class Places:
    """Places on a run, in words: a short form for lists and a sentence for its page."""

    left: int
    waiting: int
    short: str
    sentence: str
    open: bool  # can someone ask for a place (or a waiting-list place) now?
    full: bool
    action: str  # the call to action: "Enrol on this course" or "Join the waiting list"


def places(
    capacity: int, confirmed: int, waiting: int, *, started: bool = False, cancelled: bool = False
) -> Places:
    left = max(capacity - confirmed, 0)
    # Anyone already waiting is ahead of a newcomer, so a newcomer waits too.
    full = left == 0 or waiting > 0
    action = "Join the waiting list" if full else "Enrol on this course"
    if cancelled:
        text = "This course has been cancelled"
        return Places(left, waiting, text, f"{text}.", False, full, action)
    if started:
        text = "Started: closed for enrolment"
        sentence = "This course has started, so it is closed for enrolment."
        return Places(left, waiting, text, sentence, False, full, action)
    if waiting:
        people = "1 person is" if waiting == 1 else f"{waiting} people are"
        return Places(
            left,
            waiting,
            f"Waiting list ({waiting} waiting)",
            f"This course is full. {people} on the waiting list.",
            True,
            True,
            action,
        )
    if left == 0:
        return Places(
            left,
            waiting,
            "Full - join the waiting list",
            "This course is full. Nobody is on the waiting list yet.",
            True,
            True,
            action,
        )
    plural = "place" if left == 1 else "places"
    return Places(
        left,
        waiting,
        f"{left} {plural} left",
        f"{left} {plural} left out of {capacity}.",
        True,
        False,
        action,
    )


def where(venues) -> str:
    """Venues (objects with name, is_online, locality) in one line, each once, in order."""
    parts: list[str] = []
    for venue in venues:
        if venue.is_online:
            text = "Online"
        elif venue.locality is not None:
            text = f"{venue.name}, {venue.locality.name}"
        else:
            text = venue.name
        if text not in parts:
            parts.append(text)
    if not parts:
        return "To be confirmed"
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + " and " + parts[-1]


def access_items(venue) -> list[str]:
    """What someone needs to know to get to and into a venue, in plain words."""
    if venue.is_online:
        items = ["Online: you need a device with internet access. We send you the link."]
        if venue.access_notes:
            items.append(venue.access_notes)
        return items
    items = [
        "Step-free access" if venue.step_free else "No step-free access",
        "Hearing loop" if venue.hearing_loop else "No hearing loop",
        "Accessible toilet" if venue.accessible_toilet else "No accessible toilet",
        f"Parking: {venue.parking}" if venue.parking else "Parking: no information",
        f"Buses: {venue.bus_routes}" if venue.bus_routes else "Buses: no information",
    ]
    if venue.access_notes:
        items.append(venue.access_notes)
    return items


def address(venue) -> str:
    """One line: '1 Market Place, Wisbech, PE13 1AB' (or 'Online')."""
    if venue.is_online:
        return "Online"
    lines = [line.strip() for line in venue.address.replace("\n", ",").split(",")]
    parts = [part for part in lines if part]
    if venue.postcode:
        parts.append(venue.postcode)
    return ", ".join(parts)


def audience(course) -> str:
    """Who a course is for, naming the service when it is for one service's people."""
    service = course.audience_service_line if course.audience == "service" else None
    if service is not None:
        return f"People who use {service.name[:1].lower()}{service.name[1:]} services"
    return course.get_audience_display()


def pattern(sessions) -> str:
    """'Mondays, 10am to midday' when every session is on the same day at the same time."""
    if not sessions:
        return ""
    local = [(timezone.localtime(s.starts_at), timezone.localtime(s.ends_at)) for s in sessions]
    first_start, first_end = local[0]
    same = all(
        (start.isoweekday(), start.time(), end.time())
        == (first_start.isoweekday(), first_start.time(), first_end.time())
        for start, end in local
    )
    if len(sessions) == 1 or not same:
        return ""
    return f"{first_start:%A}s, {time_range(first_start, first_end)}"


def run_card(run, now: datetime) -> dict:
    """One run as the prospectus lists it. The run comes from prospectus.for_display()."""
    sessions = [s for s in run.ordered_sessions if s.cancelled_at is None]
    first = sessions[0] if sessions else None
    return {
        "run": run,
        "title": run.course.title,
        "area": run.course.area.name,
        "term": run.term.name,
        "starts": session_when(first.starts_at, first.ends_at) if first else "To be confirmed",
        "pattern": pattern(sessions),
        "sessions": sessions_text(run.course.session_count, run.course.session_minutes),
        "where": where(s.venue for s in sessions),
        "audience": audience(run.course),
        "places": places(
            run.capacity,
            run.confirmed,
            run.waiting,
            started=first is not None and first.starts_at <= now,
            cancelled=run.status == "cancelled",
        ),
        "coproduced": bool(run.has_peer and run.has_practitioner),
    }
