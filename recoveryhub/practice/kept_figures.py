"""The board measures' monthly values, kept: the hourly "board_figures" job counts every
measure over the last KEEP_MONTHS months (at trust scale that takes seconds, far too long
for a page), and the draft report, the measure pages and publishing read what it kept.

A month nobody has counted yet (a report for an older quarter, or before the job first
runs) is counted when first read and kept from then on.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from recoveryhub.feedback.figures_sql import first_of, months_back

from .board_measures import MEASURES, Measure
from .models import KeptFigure

KEEP_MONTHS = 36  # the months of a report for any quarter of the last year, and more


def count_again(today: date | None = None) -> dict:
    """Count every measure afresh over the kept months, replacing what was kept."""
    months = months_back(first_of(today or timezone.localdate()), KEEP_MONTHS)
    for measure in MEASURES:
        _keep(measure, months, measure.series(months))
    return {"measures": len(MEASURES), "months": len(months)}


def series(measure: Measure, months: list[date]) -> tuple[list[float | None], datetime]:
    """The measure's values for `months` and when the oldest of them was counted."""
    return every_series([measure], months)[measure.key]


def every_series(measures: list[Measure], months: list[date]) -> dict:
    """{key: (values, counted at)} for each measure, in one query when all are kept."""
    kept: dict = {}
    rows = KeptFigure.objects.filter(measure__in=[m.key for m in measures], month__in=months)
    for key, month, value, counted_at in rows.values_list(
        "measure", "month", "value", "counted_at"
    ):
        kept.setdefault(key, {})[month] = (value, counted_at)
    found = {}
    for measure in measures:
        mine = kept.get(measure.key, {})
        if months and all(month in mine for month in months):
            values = [mine[m][0] for m in months]
            found[measure.key] = (values, min(mine[m][1] for m in months))
        else:
            values = measure.series(months)
            found[measure.key] = (values, _keep(measure, months, values))
    return found


def _keep(measure: Measure, months: list[date], values: list[float | None]) -> datetime:
    now = timezone.now()
    with transaction.atomic():
        KeptFigure.objects.filter(measure=measure.key, month__in=months).delete()
        KeptFigure.objects.bulk_create(
            KeptFigure(measure=measure.key, month=m, value=v, counted_at=now)
            for m, v in zip(months, values, strict=True)
        )
    return now
