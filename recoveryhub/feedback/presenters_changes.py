"""How 'You said, we did' entries read: their status as a tag, their dates in words, and
the public list grouped by month. Only the approved wording is shown to the public; the
count of comments that led to a change shows only from 5 (small numbers are not shown)."""

from dataclasses import dataclass
from itertools import groupby

from recoveryhub.core.presenters import long_date
from recoveryhub.core.suppression import THRESHOLD

from . import themes
from .models import ChangeStatus

TAGS = {
    ChangeStatus.DRAFT: ("Draft", "nhsuk-tag--grey"),
    ChangeStatus.AWAITING: ("Waiting for approval", "nhsuk-tag--yellow"),
    ChangeStatus.PUBLISHED: ("Published", "nhsuk-tag--green"),
    ChangeStatus.WITHDRAWN: ("Withdrawn", "nhsuk-tag--red"),
}


def tag(status: str) -> dict:
    text, classes = TAGS[status]
    return {"text": text, "classes": classes}


def theme_label(code: str) -> str:
    theme = themes.BY_CODE.get(code)
    return theme.label if theme else "Another theme"


def said_when(change) -> str:
    return f"{change.said_from:%B %Y}"


def changed_when(change) -> str:
    return long_date(change.changed_on) if change.changed_on else "Not yet"


def comments_text(count: int) -> str:
    """'Based on 12 comments' from 5 up; nothing below, so no small group is counted."""
    return f"Based on {count:,} comments" if count >= THRESHOLD else ""


@dataclass(frozen=True)
class Entry:
    pk: int
    team: str
    team_id: int
    theme: str
    you_said: str
    we_did: str
    said: str
    changed: str
    comments: str


def entry(change) -> Entry:
    return Entry(
        pk=change.pk,
        team=change.team.name,
        team_id=change.team_id,
        theme=theme_label(change.theme),
        you_said=change.you_said,
        we_did=change.we_did,
        said=said_when(change),
        changed=long_date(change.listed_on) if change.listed_on else "",
        comments=comments_text(getattr(change, "comment_count", 0)),
    )


def by_month(changes) -> list[tuple[str, list[Entry]]]:
    """Published entries (newest first, with .listed_on) grouped by the month listed."""
    return [
        (month, [entry(c) for c in group])
        for month, group in groupby(
            changes, key=lambda c: f"{c.listed_on:%B %Y}" if c.listed_on else "Undated"
        )
    ]


def status_rows(change) -> list[dict]:
    """Summary-list rows of an entry, for staff."""
    rows = [
        ("Status", TAGS[change.status][0]),
        ("Theme", theme_label(change.theme)),
        ("You said", change.you_said),
        ("We did", change.we_did or "Not written yet"),
        ("When people said it", said_when(change)),
        ("When it changed", changed_when(change)),
        ("The action that answers it", change.action or "None recorded"),
    ]
    if change.approved_at:
        rows.append(("Approved", long_date(change.approved_at)))
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]
