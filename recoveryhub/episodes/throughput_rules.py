"""The rules of the managers' figures of reablement and coaching (throughput.py): periods of
whole months, how an episode ended (by goals, by the clock, or another way), medians and
percentiles, caseload bands. Pure: no database.

Medians are the usual middle value (the mean of the two middle values when there is an
even number of them); the 90th percentile is the nearest-rank one: the value at place
ceil(0.9 x n) when the values are put in order. The queries work them out in SQL by the
same rule (throughput_sql.py); `median` and `nearest_rank` here are that rule in Python,
for the tests.
"""

from dataclasses import dataclass
from datetime import date
from math import ceil

from .models import BY_CLOCK, BY_GOALS, EndReason, NextStep, ReferralStatus, Source

PERIOD = -1  # the row of the whole period, beside each month's (0, 1, ...)
DEFAULT_MONTHS = 12
MOST_MONTHS = 36
EARLIEST_YEAR = 2015  # the strategy's own first year: nothing of ours is older

# How an episode ended: every table tells "by goals" from "by the clock".
GOALS, CLOCK, OTHER, ALL = "goals", "clock", "other", "all"
KINDS = (GOALS, CLOCK, OTHER)
KIND_LABELS = {
    GOALS: "By goals (goals met)",
    CLOCK: "By the clock (time limit reached)",
    OTHER: "Another reason",
    ALL: "All endings",
}
# The SQL numbers them so; 0 is "all".
KIND_NUMBERS = {ALL: 0, GOALS: 1, CLOCK: 2, OTHER: 3}

SOURCES = tuple(Source.values)
STATUSES = (
    ReferralStatus.ACCEPTED.value,
    ReferralStatus.MERGED.value,
    ReferralStatus.DECLINED.value,
    ReferralStatus.NEW.value,
)
STATUS_LABELS = {
    ReferralStatus.ACCEPTED: "Accepted",
    ReferralStatus.MERGED: "Joined to another referral",
    ReferralStatus.DECLINED: "Declined",
    ReferralStatus.NEW: "Still waiting to be triaged",
}
# Goals met and time limit first, so the two are always side by side.
REASONS = (
    EndReason.GOALS_MET.value,
    EndReason.TIME_LIMIT.value,
    EndReason.NO_LONGER_RIGHT.value,
    EndReason.PERSON_CHOSE.value,
    EndReason.MOVED.value,
)
OTHER_REASONS = tuple(r for r in REASONS if r not in BY_GOALS | BY_CLOCK)
NEXT_STEPS = tuple(NextStep.values)
RETURN_DAYS = (30, 91, 365)  # came back within this many days of the end

# Open episodes per named worker, in bands (low, high; None: no upper end).
BANDS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, None))


def kind_of(reason: str) -> str:
    if reason in BY_GOALS:
        return GOALS
    if reason in BY_CLOCK:
        return CLOCK
    return OTHER


def band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low} or more" if high is None else f"{low} to {high}"


# Periods of whole months ----------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many months from the month of `first` to the month of `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def month_key(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def month_label(first: date) -> str:
    return f"{first:%B %Y}"


def parse_month(text: str) -> date | None:
    """'2026-03' as 1 March 2026; None for anything else."""
    parts = (text or "").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or year < 1:
        return None
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    """Whole months, from the month of `first` to the month of `last`, both included."""

    first: date
    last: date

    def __post_init__(self):
        if self.first != month_start(self.first) or self.last != month_start(self.last):
            raise ValueError("A period runs from the first day of a month")
        if self.last < self.first:
            raise ValueError("A period must start on or before its last month")

    @property
    def months(self) -> tuple[date, ...]:
        return tuple(
            add_months(self.first, n) for n in range(months_between(self.first, self.last))
        )

    @property
    def until(self) -> date:
        """The day after the period: the first day of the month after its last."""
        return add_months(self.last, 1)

    @property
    def boundaries(self) -> tuple[date, ...]:
        """Each month's first day, then the day after the period."""
        return (*self.months, self.until)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return month_label(self.first)
        return f"{month_label(self.first)} to {month_label(self.last)}"

    def row_label(self, row: int) -> str:
        return "Whole period" if row == PERIOD else month_label(self.months[row])


def default_period(today: date, months: int = DEFAULT_MONTHS) -> Period:
    """The last `months` months, this one included."""
    last = month_start(today)
    return Period(add_months(last, 1 - months), last)


def month_choices(today: date) -> list[tuple[str, str]]:
    """Every month that can start or end a period, newest first."""
    first, last = date(EARLIEST_YEAR, 1, 1), month_start(today)
    count = months_between(first, last)
    months = [add_months(first, n) for n in range(count)]
    return [(month_key(m), month_label(m)) for m in reversed(months)]


# Medians and percentiles (the rule the SQL follows) --------------------------------


def median(values) -> float | None:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    return (ordered[(n + 1) // 2 - 1] + ordered[(n + 2) // 2 - 1]) / 2


def nearest_rank(values, percent: int) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[ceil(percent * len(ordered) / 100) - 1]


def days_text(value: float | None) -> str:
    """A number of days as the page says it: '12 days', '12.5 days', '1 day'."""
    if value is None:
        return "none"
    value = round(float(value), 1)
    shown = f"{value:g}" if value != int(value) else f"{int(value)}"
    return f"{shown} day" if shown == "1" else f"{shown} days"
