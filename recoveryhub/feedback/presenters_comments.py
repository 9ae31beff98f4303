"""How comments, their themes and reviews, and focus groups read on our pages.

No page says who wrote a comment; a review says who reviewed it by role only. Everyone but
the service's feedback lead reads the redacted words (the view decides `as_written`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from recoveryhub.core.presenters import long_date

from . import themes

REMOVED = "Personal details removed"
AS_WRITTEN = "As written: only you, as the service's feedback lead, can see this"
LEAD = "The service's feedback lead"
REVIEWER = "A reviewer with lived experience"


def link(name: str, **kwargs) -> str:
    """The address of a page, or "" while the part of feedback that owns it has not landed
    (URL names are fixed across parts, so links are written before their pages exist)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def theme_label(code: str) -> str:
    found = themes.BY_CODE.get(code)
    return found.label if found else code


def sentiment_label(code: str) -> str:
    return themes.SENTIMENTS.get(code, "")


def percent(probability: float | None) -> str:
    return "" if probability is None else f"{round(probability * 100)}%"


def source_of(comment) -> str:
    """What the comment answered: the survey's question, or a focus group."""
    if comment.focus_group_id:
        return "Focus group"
    return comment.question.wording if comment.question else "A survey question"


@dataclass
class CommentCard:
    comment: object
    words: str
    as_written: bool
    source: str
    date: str
    themes: list[str] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)

    @property
    def details_removed(self) -> bool:
        return bool(self.comment.redacted_kinds) and not self.as_written


def card(comment, *, as_written: bool = False) -> CommentCard:
    """One comment for a list or its own page: current themes must be prefetched."""
    tags = []
    if comment.themed_at is None:
        tags.append({"text": "Not themed yet", "classes": "nhsuk-tag--grey"})
    if comment.sentiment:
        tags.append({"text": sentiment_label(comment.sentiment), "classes": _feel(comment)})
    if comment.uncertain:
        tags.append({"text": "Theme uncertain", "classes": "nhsuk-tag--orange"})
    if comment.reviewed_at:
        tags.append(
            {"text": "Reviewed by someone with lived experience", "classes": "nhsuk-tag--green"}
        )
    return CommentCard(
        comment=comment,
        words=comment.text if as_written else comment.redacted,
        as_written=as_written,
        source=source_of(comment),
        date=long_date(comment.answered_on),
        themes=[theme_label(t.code) for t in comment.current_themes],
        tags=tags,
    )


def _feel(comment) -> str:
    return {
        "positive": "nhsuk-tag--blue",
        "negative": "nhsuk-tag--red",
        "mixed": "nhsuk-tag--purple",
    }.get(comment.sentiment, "nhsuk-tag--white")


def suggestion_rows(comment) -> list[list[dict]]:
    """The classifier's suggestions, with how sure it was, as table rows."""
    return [
        [{"text": theme_label(t.code)}, {"text": percent(t.probability)}]
        for t in comment.themes.all()
        if t.source == "suggested"
    ]


def codes_text(codes: str) -> str:
    chosen = [theme_label(code) for code in codes.split(",") if code]
    return ", ".join(chosen) if chosen else "None"


def review_rows(reviews, lead_ids: set[int]) -> list[dict]:
    return [
        {
            "who": LEAD if review.reviewer_id in lead_ids else REVIEWER,
            "date": long_date(review.reviewed_at),
            "suggested": codes_text(review.suggested),
            "agreed": codes_text(review.agreed),
            "sentiment": sentiment_label(review.sentiment),
            "note": review.note,
        }
        for review in sorted(reviews, key=lambda r: r.reviewed_at, reverse=True)
    ]


def theme_items(chosen) -> list[dict]:
    """The THEMES as NHS.UK checkbox items, each with its hint."""
    chosen = {str(code) for code in chosen or []}
    return [
        {
            "value": theme.code,
            "text": theme.label,
            "hint": {"text": theme.hint},
            "checked": theme.code in chosen,
        }
        for theme in themes.THEMES
    ]


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def payments(group) -> str:
    if not group.paid_count:
        return "Nobody was paid"
    total = group.paid_each * group.paid_count
    return f"{people(group.paid_count)} paid {money(group.paid_each)} each: {money(total)} in all"


def group_themes(group) -> str:
    labels = [theme_label(t.code) for t in group.themes.all()]
    return ", ".join(labels) if labels else "None recorded"
