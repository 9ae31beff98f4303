"""How employment support and fidelity reviews read on the page: days to the first employer
contact, the caseload's rows, heading and specialist filter, a job's hours and pay, a
review's items and what to work on. Display only; the rules are in ips.py, ips_caseload.py
and fidelity.py."""

from dataclasses import dataclass
from datetime import date

from recoveryhub.core.presenters import long_date

from . import fidelity, ips, ips_caseload, vocabulary

PAY = dict(vocabulary.PAY_BANDS)


def days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class FirstContact:
    text: str  # "12 days" or "No employer contact yet"
    late: bool  # past the rapid search time (a month) without contact, or contact after it


def first_contact(support, today: date) -> FirstContact:
    waited = ips.days_to_first_contact(support)
    if waited is None:
        late = (today - support.referred_on).days > ips.RAPID_SEARCH_DAYS
        return FirstContact("No employer contact yet", late)
    return FirstContact(days(waited), waited > ips.RAPID_SEARCH_DAYS)


def first_contact_words(support, today: date) -> str:
    """The support page's line: when, how long after referral, and within a month or not."""
    waited = ips.days_to_first_contact(support)
    if waited is None:
        since = (today - support.referred_on).days
        if since > ips.RAPID_SEARCH_DAYS:
            return f"Not yet: {days(since)} since referral, more than a month"
        return f"Not yet: {days(since)} since referral"
    within = "within a month" if waited <= ips.RAPID_SEARCH_DAYS else "more than a month"
    return (
        f"{long_date(support.first_employer_contact_on)}: {days(waited)} after referral, {within}"
    )


def people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def caseload_rows(supports, today: date) -> list[tuple]:
    """[(support, FirstContact)] for the people on one page of the caseload."""
    return [(support, first_contact(support, today)) for support in supports]


def specialist_name(specialist, viewer) -> str:
    return (
        f"You ({specialist.display_name})"
        if specialist.pk == viewer.pk
        else specialist.display_name
    )


def list_heading(choice, count: int, query: str) -> str:
    """'Rory Coach: 2 people', 'All specialists: 3 people matching “lee”'."""
    whose = "All specialists" if choice.specialist is None else choice.specialist.display_name
    matching = f" matching “{query}”" if query else ""
    return f"{whose}: {people(count)}{matching}"


def specialist_items(sizes, choice, viewer) -> list[dict]:
    """The specialist filter's options (NHS.UK select items), the viewer first."""
    everyone = {
        "value": ips_caseload.ALL,
        "text": "All specialists",
        "selected": choice.specialist is None,
    }
    ordered = sorted(sizes, key=lambda size: size.specialist.pk != viewer.pk)
    return [everyone] + [
        {
            "value": str(size.specialist.pk),
            "text": f"{specialist_name(size.specialist, viewer)}: {people(size.open)}",
            "selected": choice.specialist is not None
            and size.specialist.pk == choice.specialist.pk,
        }
        for size in ordered
    ]


def job_summary(job) -> str:
    """'12 hours a week, About the National Living Wage'."""
    hours = f"{job.hours_per_week.normalize():f}"
    return f"{hours} hours a week, {PAY.get(job.pay_band, 'pay not known')}"


def job_dates(job) -> str:
    if job.ended_on is None:
        return f"Started {long_date(job.started_on)}, still in this job"
    return f"{long_date(job.started_on)} to {long_date(job.ended_on)}"


# Fidelity reviews -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    item: fidelity.Item
    score: int | None
    note: str

    @property
    def score_text(self) -> str:
        if not self.item.verified:
            return fidelity.NOT_SCORED
        if self.score is None:
            return "Not scored"
        return f"{self.score}: {self.item.anchors[self.score]}"


def review_sections(scale: fidelity.Scale, score_rows) -> list[tuple]:
    """[(section, [ItemRow])] in the scale's order, from a review's FidelityScore rows."""
    found = {row.item: row for row in score_rows}
    sections = []
    for section in scale.sections:
        rows = []
        for item in section.items:
            row = found.get(item.code)
            score = row.score if row is not None and item.verified else None
            rows.append(ItemRow(item, score, row.note if row is not None else ""))
        sections.append((section, rows))
    return sections


def total_words(result: fidelity.Result) -> str:
    """'104 out of 125: Good fidelity' or '7 out of 10 scored so far: partial: 2 of 25 scored'."""
    if result.complete:
        return f"{result.total} out of {fidelity.ITEM_COUNT * 5}: {result.summary}"
    return f"{result.total} out of {result.scored * 5} so far ({result.summary})"
