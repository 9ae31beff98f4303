"""The board report's key measures: one monthly series for each part of the strategy, each
computed in SQL over the months asked for (one query per measure, however many rows), with
small numbers suppressed: a month whose count is 1 to 4, or a rate built on one, has no
value (None) and no point on its chart.

A measure says which way is better (spc.UP / spc.DOWN / None) and may carry a target.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from recoveryhub.core import spc
from recoveryhub.core.days import midnight
from recoveryhub.core.suppression import THRESHOLD

from . import board_measures_sql as sql


@dataclass(frozen=True)
class Measure:
    key: str
    part: str  # the strategy's part, e.g. "Recovery College"
    title: str
    unit: str  # "count", "%" or "days"
    better: str | None
    describe: str  # what is counted, in a sentence, for the Board
    series: Callable[[list[date]], list[float | None]]
    target: float | None = None


def _shown(value: int) -> float | None:
    return None if 0 < value < THRESHOLD else float(value)


def _monthly_counts(queryset, field: str, months: list[date]) -> list[float | None]:
    """How many rows fall in each month (by `field`), suppressed: one grouped query."""
    if not months:
        return []
    rows = (
        queryset.filter(**{f"{field}__date__gte": months[0]})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {_as_date(row["month"]): row["n"] for row in rows}
    return [_shown(found.get(month, 0)) for month in months]


def _monthly_day_counts(queryset, field: str, months: list[date]) -> list[float | None]:
    """As _monthly_counts, for a date (not a moment): one grouped query."""
    if not months:
        return []
    rows = (
        queryset.filter(**{f"{field}__gte": months[0], f"{field}__lt": _after(months[-1])})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {_as_date(row["month"]): row["n"] for row in rows}
    return [_shown(found.get(month, 0)) for month in months]


def _rate(part: int, whole: int) -> float | None:
    """A percentage; None when either count is 1 to 4, or there is nothing to divide."""
    if whole == 0 or _shown(part) is None or _shown(whole) is None:
        return None
    return round(100 * part / whole, 1)


def _rates(found: dict, months: list[date]) -> list[float | None]:
    """{month: (whole, part)} as each month's suppressed rate."""
    return [
        _rate(int(part or 0), int(whole)) for whole, part in (found.get(m, (0, 0)) for m in months)
    ]


def _after(month: date) -> date:
    return sql.period_of([month]).until


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def college_enrolments(months: list[date]) -> list[float | None]:
    from recoveryhub.college.models import Enrolment

    return _monthly_counts(Enrolment.objects.all(), "requested_at", months)


def college_new_students(months: list[date]) -> list[float | None]:
    if not months:
        return []
    found = sql.new_students(sql.period_of(months))
    return [_shown(int(found.get(m, (0,))[0])) for m in months]


def college_completion(months: list[date]) -> list[float | None]:
    if not months:
        return []
    return _rates(sql.college_completion(sql.period_of(months)), months)


def check_in_improved(months: list[date]) -> list[float | None]:
    if not months:
        return []
    return _rates(sql.check_in_outcomes(sql.period_of(months)), months)


def reablement_wait(months: list[date]) -> list[float | None]:
    """The median wait; None when 1 to 4 referrals are behind it (or none)."""
    if not months:
        return []
    found = sql.waits(sql.period_of(months))
    shown = []
    for month in months:
        n, median = found.get(month, (0, None))
        shown.append(None if _shown(n) is None or not n else round(float(median), 1))
    return shown


def reablement_returns(months: list[date]) -> list[float | None]:
    if not months:
        return []
    return _rates(sql.returns(sql.period_of(months), timezone.localdate()), months)


def fft_positive(months: list[date]) -> list[float | None]:
    """From the kept monthly tallies (feedback/tally.py), never the responses."""
    from recoveryhub.feedback import fft
    from recoveryhub.feedback.models import MonthlyTally

    if not months:
        return []
    codes = sorted(fft.POSITIVE)  # very good and good
    positive = Sum(sum((F(code) for code in codes[1:]), start=F(codes[0])))
    rows = (
        MonthlyTally.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("month")
        .annotate(whole=Sum("total"), part=positive)
        .order_by()
    )
    return _rates({row["month"]: (row["whole"], row["part"]) for row in rows}, months)


def job_starts(months: list[date]) -> list[float | None]:
    from recoveryhub.pathways.models import JobStart

    return _monthly_day_counts(JobStart.objects.all(), "started_on", months)


def volunteering_starts(months: list[date]) -> list[float | None]:
    from recoveryhub.pathways.models import OpportunityKind, Placement

    placements = Placement.objects.filter(opportunity__kind=OpportunityKind.VOLUNTEERING)
    return _monthly_day_counts(placements, "started_on", months)


def audit_stage_two(months: list[date]) -> list[float | None]:
    """Agreed ratings, by the month they were agreed. Ratings of teams' practice, not
    people, so small numbers are shown; a month with none has no value."""
    from .models import RatedBy, Rating

    if not months:
        return []
    rows = (
        Rating.objects.filter(
            by=RatedBy.AGREED,
            round__agreed_at__gte=midnight(months[0]),
            round__agreed_at__lt=midnight(_after(months[-1])),
        )
        .annotate(month=TruncMonth("round__agreed_at"))
        .values("month")
        .annotate(whole=Count("pk"), part=Count("pk", filter=Q(stage__gte=2)))
        .order_by()
    )
    found = {_as_date(row["month"]): (row["whole"], row["part"]) for row in rows}
    return [
        round(100 * part / whole, 1) if whole else None
        for whole, part in (found.get(m, (0, 0)) for m in months)
    ]


def _measure(key, part, title, unit, better, describe, series) -> Measure:
    return Measure(key, part, title, unit, better, describe, series)


MEASURES: list[Measure] = [
    _measure(
        "check_in_improved", "Self-management and wellbeing",
        "Check-ins that reliably improved on the one before", "%", spc.UP,
        "Of the check-ins of a measure completed in the month that follow an earlier one by "
        "the same person, the share that improved on it by at least the measure's reliable "
        "change.",
        check_in_improved,
    ),
    _measure(
        "college_enrolments", "Recovery College", "College enrolments each month", "count",
        spc.UP, "Places asked for on Recovery College courses in the month, by anyone.",
        college_enrolments,
    ),
    _measure(
        "college_new_students", "Recovery College", "New College students each month",
        "count", spc.UP,
        "Students who asked for a place on a Recovery College course for the first time in "
        "the month.",
        college_new_students,
    ),
    _measure(
        "college_completion", "Recovery College", "College places completed", "%", spc.UP,
        "Of the confirmed places on courses whose last session ended in the month, the share "
        "whose student attended enough sessions to complete the course.",
        college_completion,
    ),
    _measure(
        "reablement_wait", "Reablement and recovery coaches",
        "Days from referral to first contact (median)", "days", spc.DOWN,
        "For referrals to reablement and coaching received in the month that have had a "
        "first contact, the middle number of days from referral to that contact.",
        reablement_wait,
    ),
    _measure(
        "reablement_returns", "Reablement and recovery coaches",
        "Episodes followed by a return within 91 days", "%", None,
        "Of the episodes that ended in the month (at least 91 days ago), the share whose "
        "person was referred again within 91 days: quick re-access is welcome, so neither "
        "direction is better.",
        reablement_returns,
    ),
    _measure(
        "fft_positive", "Feedback from people with lived experience",
        "Friends and Family Test answers that were positive", "%", spc.UP,
        "Of all Friends and Family Test answers given in the month, \"don't know\" included, "
        "the share that said the service was very good or good.",
        fft_positive,
    ),
    _measure(
        "job_starts", "Pathways to volunteering and employment", "Jobs started each month",
        "count", spc.UP,
        "Paid jobs started in the month by people who use our services, with or without "
        "employment support.",
        job_starts,
    ),
    _measure(
        "volunteering_starts", "Pathways to volunteering and employment",
        "Volunteering placements started each month", "count", spc.UP,
        "Volunteering placements that people who use our services started in the month.",
        volunteering_starts,
    ),
    _measure(
        "audit_stage_two", "Audit of recovery practice",
        "Agreed audit ratings at stage 2 or above", "%", spc.UP,
        "Of the ratings teams and their peer auditors agreed in the month, the share at "
        "stage 2 or above (ratings of practice, so small numbers are shown).",
        audit_stage_two,
    ),
]  # fmt: skip

BY_KEY = {m.key: m for m in MEASURES}
