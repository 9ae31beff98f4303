"""A course run's sessions as an iCalendar file, so students can add them to their calendar.

Each session is one event with a UID that never changes (session-<id>@recoveryhub), so
downloading the file again updates the events rather than adding copies; a
cancelled session (or every session of a cancelled run) is sent as STATUS:CANCELLED.
"""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from . import presenters

PRODUCT = "-//Recovery Hub//Recovery College//EN"


def uid(session) -> str:
    return f"session-{session.pk}@recoveryhub"


def filename(run) -> str:
    return f"{run.course.slug}-{run.term.slug}.ics"


def run_calendar(run, sessions, *, stamp: datetime | None = None) -> bytes:
    """The run's sessions (with venue and its locality loaded) as an .ics file."""
    stamp = stamp or datetime.now(UTC)
    run_cancelled = run.status == "cancelled"
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{run.course.title} ({run.term.name})")
    count = len(sessions)
    for session in sessions:
        venue = session.venue
        event = Event()
        event.add("uid", uid(session))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        event.add("summary", f"{run.course.title}: session {session.number} of {count}")
        if venue.is_online:
            event.add("location", "Online")
        else:
            event.add("location", f"{venue.name}, {presenters.address(venue)}")
        lines = [
            f"Recovery College course, {run.term.name}.",
            run.course.summary,
            "Where: "
            + (
                "Online. We send you the link before the session."
                if venue.is_online
                else venue.name
            ),
        ]
        cancelled = run_cancelled or session.cancelled_at is not None
        if session.cancelled_at is not None and session.cancelled_reason:
            lines.append(f"This session is cancelled: {session.cancelled_reason}")
        elif run_cancelled:
            lines.append("This course has been cancelled.")
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("sequence", 1 if cancelled else 0)
        cal.add_component(event)
    return cal.to_ical()
