"""How employment support and fidelity reviews read on the page: days to the first employer
contact, caseloads by specialist, a job's hours and pay, a review's items and what to work
on. Display only; the rules are in ips.py and fidelity.py."""

from dataclasses import dataclass
from datetime import date

from recoveryhub.core.presenters import long_date

from . import fidelity, ips, vocabulary

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


@dataclass
class SpecialistCaseload:
    specialist: object
    rows: list

    @property
    def size(self) -> str:
        n = len(self.rows)
        return f"{n} {'person' if n == 1 else 'people'}"


def by_specialist(supports, today: date) -> list[SpecialistCaseload]:
    """Open supports grouped by specialist (supports come ordered by specialist)."""
    groups: dict[int, SpecialistCaseload] = {}
    for support in supports:
        group = groups.setdefault(
            support.specialist_id, SpecialistCaseload(support.specialist, [])
        )
        group.rows.append((support, first_contact(support, today)))
    return list(groups.values())


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
