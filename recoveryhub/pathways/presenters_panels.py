"""How the interview panel pages say things: refresher warnings, money, a booking's state
and what happens next, in words for whoever reads them. No database access."""

from dataclasses import dataclass
from datetime import date

from recoveryhub.core.presenters import long_date

from .models import BookingStatus
from .vocabulary import TIME_LABELS

WARN_DAYS = 60  # a refresher due this soon gets a warning on the register


@dataclass(frozen=True)
class Tag:
    text: str
    classes: str


def refresher_tag(due: date, today: date) -> Tag | None:
    """'Lapsed' once the day has come (nobody is booked then), 'Due soon' within WARN_DAYS."""
    if due <= today:
        return Tag("Lapsed", "nhsuk-tag--red")
    if (due - today).days <= WARN_DAYS:
        return Tag("Due soon", "nhsuk-tag--orange")
    return None


def availability_words(slots) -> str:
    labels = [TIME_LABELS[slot] for slot in TIME_LABELS if slot in set(slots or ())]
    return ", ".join(labels) if labels else "Not given"


def pounds(pence: int | None) -> str:
    """'£12.50', or '£20' for whole pounds (as the NHS style guide writes money)."""
    whole, part = divmod(pence or 0, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def debriefs_given(member_debrief: str, chair_debrief: str) -> str:
    if member_debrief and chair_debrief:
        return "Member and chair"
    if member_debrief:
        return "Member only"
    if chair_debrief:
        return "Chair only"
    return "None yet"


STATUS_CLASSES = {
    BookingStatus.BOOKED: "nhsuk-tag--blue",
    BookingStatus.DONE: "nhsuk-tag--green",
    BookingStatus.CANCELLED: "nhsuk-tag--grey",
}


def status_tag(status: str) -> Tag:
    return Tag(BookingStatus(status).label, STATUS_CLASSES[BookingStatus(status)])


@dataclass(frozen=True)
class Reader:
    """Who reads a booking page: the member ("you"), its chair, or the pathways team."""

    is_member: bool
    is_chair: bool
    name: str  # the member's preferred name, for everyone else


def next_steps(booking, reader: Reader, today: date, *, paid: bool) -> list[str]:
    """What happens next with a booking, for this reader, in a sentence or two each."""
    you = reader.is_member
    if booking.status == BookingStatus.CANCELLED:
        return ["This panel was cancelled, so nothing more happens with it."]
    steps = []
    if booking.on > today:
        where = f"{booking.place} on {long_date(booking.on)}"
        steps.append(
            f"Go to {where}." if you else f"{reader.name} goes to {where}, as a panel member."
        )
        steps.append(
            "On the day of the panel, and afterwards, the panel member and the chair each "
            "write a few words about how it went."
        )
    else:
        mine = booking.member_debrief if you else booking.chair_debrief
        if (you or reader.is_chair) and not mine:
            steps.append("Write a few words about how the panel went.")
        waiting = [reader.name] if not (booking.member_debrief or you) else []
        if not (booking.chair_debrief or reader.is_chair):
            waiting.append("the chair")
        if waiting:
            steps.append(f"Waiting for a debrief from {' and '.join(waiting)}.")
    if not paid:
        whose = "your" if you else f"{reader.name}'s"
        steps.append(
            f"The pathways team records {whose} involvement payment and any expenses; "
            "finance pays them."
        )
    return steps
