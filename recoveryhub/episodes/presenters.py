"""How the episodes' pages word and colour things (no database access, unit-tested alone).

Shared by the team, person, coaching and figures pages: keep the names stable. Templates
get this module as `present` and call e.g. `present.status_tag(episode.status)`.
"""

from datetime import date, datetime

from django.utils import timezone

from recoveryhub.core.presenters import long_date

from .models import BY_CLOCK, BY_GOALS, EndReason, ReferralStatus, Source, Status

_STATUS_COLOURS = {
    Status.PLANNED: "nhsuk-tag--blue",
    Status.WAITLIST: "nhsuk-tag--yellow",
    Status.ACTIVE: "nhsuk-tag--green",
    Status.ONHOLD: "nhsuk-tag--orange",
    Status.FINISHED: "nhsuk-tag--grey",
    Status.CANCELLED: "nhsuk-tag--grey",
    Status.ENTERED_IN_ERROR: "nhsuk-tag--red",
}
_REFERRAL_COLOURS = {
    ReferralStatus.NEW: "nhsuk-tag--blue",
    ReferralStatus.ACCEPTED: "nhsuk-tag--green",
    ReferralStatus.MERGED: "nhsuk-tag--grey",
    ReferralStatus.DECLINED: "nhsuk-tag--grey",
}
# What a worker chooses, in words for the button or radio that does it.
MOVE_WORDS = {
    Status.PLANNED: "Planned",
    Status.WAITLIST: "Put on the waiting list",
    Status.ACTIVE: "Start now, or restart after a hold",
    Status.ONHOLD: "Put on hold",
    Status.CANCELLED: "Cancel: it will not go ahead",
    Status.ENTERED_IN_ERROR: "Entered in error: it should never have been added",
}


def status_label(status: str) -> str:
    return Status(status).label if status in Status.values else status


def status_tag(status: str) -> dict:
    """The NHS.UK tag for an episode's status: {"text", "classes"}."""
    return {"text": status_label(status), "classes": _STATUS_COLOURS.get(status, "")}


def referral_status_tag(status: str) -> dict:
    label = ReferralStatus(status).label if status in ReferralStatus.values else status
    return {"text": label, "classes": _REFERRAL_COLOURS.get(status, "")}


def move_words(status: str) -> str:
    return MOVE_WORDS.get(status, status_label(status))


def source_label(source: str, referrer: str = "") -> str:
    """'GP: Dr Amir Shah, North Brink Surgery'; 'Open-door pass'."""
    label = Source(source).label if source in Source.values else source
    return f"{label}: {referrer}" if referrer and source != Source.OPEN_DOOR else label


OPEN_DOOR_NOTE = "Came back through their open-door pass, linked to their last episode"


def ended_by(reason: str) -> str:
    """Every report tells an ending by the clock from one by goals."""
    if reason in BY_GOALS:
        return "Ended by goals: the goals were met"
    if reason in BY_CLOCK:
        return "Ended by the clock: the time limit was reached"
    return "Ended for another reason"


def end_reason_label(reason: str) -> str:
    return EndReason(reason).label if reason in EndReason.values else reason


# The warm handovers an ending can offer: (Ending's field, words).
HANDOVERS = [
    ("handover_college", "Recovery College"),
    ("handover_volunteering", "Volunteering"),
    ("handover_employment", "Employment support"),
]


def handovers(ending) -> list[str]:
    """The warm handovers offered at the end, in words."""
    return [words for field, words in HANDOVERS if getattr(ending, field)]


def days_words(days: int) -> str:
    if days <= 0:
        return "Less than a day"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = days // 7
    return f"{weeks} weeks"


def waiting(received_at: datetime | date, today: date | None = None) -> str:
    """How long a referral has waited: '3 days', '5 weeks'."""
    today = today or timezone.localdate()
    day = timezone.localdate(received_at) if isinstance(received_at, datetime) else received_at
    return days_words((today - day).days)


def whose(own: bool, name: str) -> str:
    """'Your' to the person, "Pat's" to anyone else."""
    return "Your" if own else f"{name}'s"


def who(user, reader) -> str:
    """A worker as the reader sees them: 'You' for themselves."""
    if user is None:
        return "Not recorded"
    return "You" if reader is not None and user.pk == reader.pk else user.display_name


def dates(*pairs) -> list[tuple[str, str]]:
    """(label, date) pairs as summary rows, leaving out the dates not set."""
    return [(label, long_date(day)) for label, day in pairs if day]
