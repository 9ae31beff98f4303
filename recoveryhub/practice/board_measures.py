"""The board report's key measures: one monthly series for each part of the strategy, each
computed in SQL over the months asked for (one query per measure, however many rows), with
small numbers suppressed: a month whose count is 1 to 4, or a rate built on one, has no
value (None) and no point on its chart.

A measure says which way is better (spc.UP / spc.DOWN / None) and may carry a target.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth

from recoveryhub.core import spc
from recoveryhub.core.suppression import THRESHOLD


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


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def college_enrolments(months: list[date]) -> list[float | None]:
    from recoveryhub.college.models import Enrolment

    return _monthly_counts(Enrolment.objects.all(), "requested_at", months)


MEASURES: list[Measure] = [
    Measure(
        key="college_enrolments",
        part="Recovery College",
        title="College enrolments each month",
        unit="count",
        better=spc.UP,
        describe="Places asked for on Recovery College courses in the month, by anyone.",
        series=college_enrolments,
    ),
]

BY_KEY = {m.key: m for m in MEASURES}
