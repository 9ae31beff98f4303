"""How the decisions and volunteers pages word and colour things. No database access:
templates get this module as `present`, and tests call it alone."""

from datetime import date

from recoveryhub.core.presenters import long_date

from .models import CheckState, HoursStatus, InterestStatus, PlacementStatus
from .presenters_panels import pounds  # noqa: F401 - the volunteers' pages say money the same way
from .services import renewal

# Interest as its owner reads it (the model's labels speak to the person).
_INTEREST = {
    InterestStatus.SENT: ("Waiting for your answer", "nhsuk-tag--blue"),
    InterestStatus.APPROVED: ("You said yes", "nhsuk-tag--green"),
    InterestStatus.DECLINED: ("Not this time", "nhsuk-tag--grey"),
    InterestStatus.WITHDRAWN: ("Withdrawn", "nhsuk-tag--grey"),
}
_CHECK = {
    CheckState.NOT_STARTED: "nhsuk-tag--grey",
    CheckState.IN_PROGRESS: "nhsuk-tag--blue",
    CheckState.DONE: "nhsuk-tag--green",
    CheckState.WAIVED: "nhsuk-tag--purple",
}
_PLACEMENT = {
    PlacementStatus.ONBOARDING: "nhsuk-tag--blue",
    PlacementStatus.ACTIVE: "nhsuk-tag--green",
    PlacementStatus.ENDED: "nhsuk-tag--grey",
}
# Hours as the supervisor reads them; the volunteer reads the model's own labels.
_HOURS_FOR_SUPERVISOR = {
    HoursStatus.WAITING: "Waiting for approval",
    HoursStatus.APPROVED: "Approved",
    HoursStatus.QUERIED: "You asked about these",
}
_HOURS_COLOURS = {
    HoursStatus.WAITING: "nhsuk-tag--blue",
    HoursStatus.APPROVED: "nhsuk-tag--green",
    HoursStatus.QUERIED: "nhsuk-tag--yellow",
}


def interest_tag(status: str) -> dict:
    text, classes = _INTEREST.get(status, (status, ""))
    return {"text": text, "classes": classes}


def check_tag(state: str) -> dict:
    label = CheckState(state).label if state in CheckState.values else state
    return {"text": label, "classes": _CHECK.get(state, "")}


def placement_tag(status: str) -> dict:
    label = PlacementStatus(status).label if status in PlacementStatus.values else status
    return {"text": label, "classes": _PLACEMENT.get(status, "")}


def hours_tag(status: str, *, own: bool) -> dict:
    if own:
        text = HoursStatus(status).label if status in HoursStatus.values else status
    else:
        text = _HOURS_FOR_SUPERVISOR.get(status, status)
    return {"text": text, "classes": _HOURS_COLOURS.get(status, "")}


def duration(minutes: int | None) -> str:
    """'2 hours 30 minutes', '45 minutes', '1 hour'; 'None' for nothing."""
    minutes = minutes or 0
    if not minutes:
        return "None"
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if rest:
        parts.append(f"{rest} minute{'' if rest == 1 else 's'}")
    return " ".join(parts)


def steps_done(done: int, total: int) -> str:
    if not total:
        return "No steps needed"
    return f"{done} of {total} step{'' if total == 1 else 's'} done"


def expiry_warning(expires_on: date | None, today: date) -> str:
    """What to say of a check's renewal date: expired, soon, or nothing to worry about."""
    stands = renewal(expires_on, today)
    if stands == "expired":
        return f"Expired on {long_date(expires_on)}: it needs renewing"
    if stands == "soon":
        return f"Expires on {long_date(expires_on)}: renew it soon"
    return ""


def expiry_words(expires_on: date | None) -> str:
    return f"Renew by {long_date(expires_on)}" if expires_on else ""


def entries(n: int | None) -> str:
    """'None', '1 entry', '3 entries' (of hours waiting for approval)."""
    if not n:
        return "None"
    return f"{n} entr{'y' if n == 1 else 'ies'}"
