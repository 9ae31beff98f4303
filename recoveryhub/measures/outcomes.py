"""Outcomes for teams, service lines, localities and the trust: for managers only.

Worked out in one SQL query, so the number of queries never grows with the data,
then suppressed for display: any count from 1 to 4 reads "fewer than 5", as does
any rate or mean from one.

The query reads the outcome summary (summaries.py), never the check-ins: each
person's first and latest check-in of an instrument over all time, and the gaps
between their check-ins in a row. That is exact for any period: someone whose
check-ins all fall inside it has the summary's first and latest; for someone with
check-ins before the start, the start falls in exactly one gap, and the check-in
closing it is their first in the period (for the end, the one opening the gap the
end falls in is their latest). They are paired when those two are different
check-ins and the latest is in the period.

The rules (the page says them too):

- Paired: a person counts for an instrument when they completed it at least
  twice in the period; their first and latest scores in the period are compared.
- Change is latest minus first. Reliable improvement or deterioration is a
  change at least the instrument's reliable-change threshold, in the direction
  that is better or worse for that instrument (scoring.reliable_change).
- Team: the caseload assignment current on the day of the person's latest
  check-in of the instrument (the latest started, if several); if none was
  current that day, their most recently started assignment; with none at all,
  "Not on a caseload". Service line and locality are those of that team.
- NHS Talking Therapies (shown with PHQ-9 and GAD-7): people paired on both in
  the period, first and latest of each taken separately, placed in a team as
  above by the instrument being viewed. Caseness: PHQ-9 at least 10 or GAD-7 at
  least 8. Recovered: at caseness at first, below caseness on both at the latest.
  Reliable recovery: recovered and reliably improved (PHQ-9 down by 6 or more,
  or GAD-7 down by 4 or more, and neither up by as much). Both rates are out of
  the people at caseness at first (scoring.talking_therapies is the same rule).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from recoveryhub.core.days import midnight
from recoveryhub.core.secondary_suppression import (
    WITHHELD,
    WITHHELD_NOTE,
    shown_count,
    shown_rate,
)
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.people.models import Locality, ServiceLine, Team

from . import catalogue, outcome_figures, scoring, summaries

PHQ9, GAD7 = "phq9", "gad7"
NOT_ON_A_CASELOAD = "Not on a caseload"
TRUST = "All of the trust"


@dataclass(frozen=True)
class Grouping:
    column: str  # a column of the query's `placed` step; never from user input
    model: type | None
    label: str


GROUPINGS = {
    "team": Grouping("team_id", Team, "Team"),
    "service_line": Grouping("service_line_id", ServiceLine, "Service line"),
    "locality": Grouping("locality_id", Locality, "Locality"),
    "trust": Grouping("0", None, "Trust"),
}


@dataclass(frozen=True)
class TalkingTherapies:
    paired: int  # paired on both PHQ-9 and GAD-7
    at_caseness: int  # of those, at caseness at first
    recovered: int
    reliably_recovered: int
    withheld: frozenset = frozenset()  # of these names: hidden so no small one can be worked out

    @property
    def people(self) -> str:
        return self._count("paired")

    @property
    def people_at_caseness(self) -> str:
        return self._count("at_caseness")

    @property
    def recovery_rate(self) -> str:
        return self._rate("recovered")

    @property
    def reliable_recovery_rate(self) -> str:
        return self._rate("reliably_recovered")

    def _count(self, name: str) -> str:
        return shown_count(getattr(self, name), name in self.withheld)

    def _rate(self, name: str) -> str:
        w = self.withheld
        return shown_rate(getattr(self, name), self.at_caseness, name in w, "at_caseness" in w)


TT_COUNTS = ["paired", "at_caseness", "recovered", "reliably_recovered"]
PARTS = ["improved", "no_change", "deteriorated"]


@dataclass(frozen=True)
class OutcomeRow:
    """One group's figures. Show only the properties: they apply suppression."""

    group: str
    paired: int
    change_sum: float
    improved: int | None  # None when the instrument has no reliable-change threshold
    deteriorated: int | None
    talking_therapies: TalkingTherapies | None = None
    # Of "paired" and PARTS: hidden so that no small figure can be worked out (see
    # outcome_suppression.py); small ones are hidden whatever this says.
    withheld: frozenset = frozenset()

    @property
    def no_change(self) -> int | None:
        if self.improved is None:
            return None
        return self.paired - self.improved - self.deteriorated

    @property
    def people(self) -> str:
        return shown_count(self.paired, "paired" in self.withheld)

    @property
    def mean_change(self) -> str:
        if self.people in (SUPPRESSED, WITHHELD):
            return self.people
        if not self.paired:
            return "none"
        return f"{self.change_sum / self.paired:.1f}".replace("-0.0", "0.0")

    @property
    def improved_rate(self) -> str:
        return self._rate("improved")

    @property
    def no_change_rate(self) -> str:
        return self._rate("no_change")

    @property
    def deteriorated_rate(self) -> str:
        return self._rate("deteriorated")

    def _rate(self, name: str) -> str:
        part = getattr(self, name)
        if part is None:
            return "not measured"
        w = self.withheld
        return shown_rate(part, self.paired, name in w, "paired" in w)


def outcomes(instrument_code: str, start: date, end: date, group_by: str) -> list[OutcomeRow]:
    """Every group (with or without paired scores), by name; 'Not on a caseload' last."""
    instrument = catalogue.get(instrument_code)
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}; got {group_by!r}")
    if start > end:
        raise ValueError("The period must start on or before its end")
    grouping = GROUPINGS[group_by]
    found = _found(instrument, start, end, grouping.column)
    if grouping.model is None:
        return [_row(instrument, TRUST, found.get(0))]
    names = grouping.model.objects.order_by("name").values_list("pk", "name")
    rows = [_row(instrument, name, found.get(pk)) for pk, name in names]
    if None in found:
        rows.append(_row(instrument, NOT_ON_A_CASELOAD, found[None]))
    return rows


def _found(instrument, start: date, end: date, column: str) -> dict:
    """{group id: the query's sums} for groups with anyone paired."""
    sql, params = _query(instrument, start, end, column)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {group_id: values for group_id, *values in cursor.fetchall()}


def _teams_found(instrument, start: date, end: date) -> dict:
    """_found by team, kept between requests and brought up to date after writes by
    working out again only the people they touched (outcome_figures.py)."""
    zone = timezone.get_current_timezone_name()
    key = f"{instrument.code} {start.isoformat()} {end.isoformat()} {zone}"
    column = GROUPINGS["team"].column

    def parts_query(then: str, persons: str) -> tuple[str, dict]:
        return _query(instrument, start, end, column, then, persons)

    kept = outcome_figures.team_figures(key, parts_query, SUMS)
    if kept is None:
        return _found(instrument, start, end, column)
    return {group_id: values for group_id, *values in kept}


def protected_outcomes(
    instrument_code: str, start: date, end: date, group_by: str
) -> tuple[list[OutcomeRow], OutcomeRow]:
    """The rows the page shows for `group_by` and the trust total, each with the figures
    withheld so that no small one can be worked out from any grouping of the same people
    (outcome_suppression.py). The teams' figures in one query when they are kept, about ten
    when they are brought up to date after a write (_teams_found); the other groupings are
    their sums (each team is in one service line and one locality)."""
    from . import outcome_suppression  # it builds on this module's rows

    instrument = catalogue.get(instrument_code)
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}; got {group_by!r}")
    if start > end:
        raise ValueError("The period must start on or before its end")
    found = _teams_found(instrument, start, end)
    teams = list(
        Team.objects.order_by("name").values_list("pk", "name", "service_line_id", "locality_id")
    )
    model = GROUPINGS[group_by].model
    names = None
    if group_by in ("service_line", "locality"):
        names = list(model.objects.order_by("name").values_list("pk", "name"))
    return outcome_suppression.arranged(
        {pk: _row(instrument, name, found.get(pk)) for pk, name, *_ in teams},
        _row(instrument, NOT_ON_A_CASELOAD, found.get(None)) if None in found else None,
        teams,
        group_by,
        names,
    )


def trust_total(rows: list[OutcomeRow]) -> OutcomeRow:
    """The whole trust: every paired person is in exactly one group, so the groups add up."""
    return added(TRUST, rows)


def added(group: str, rows: list[OutcomeRow]) -> OutcomeRow:
    """The figures of these groups together (each paired person is in one group)."""
    talking = [row.talking_therapies for row in rows if row.talking_therapies is not None]
    return OutcomeRow(
        group=group,
        paired=sum(row.paired for row in rows),
        change_sum=sum(row.change_sum for row in rows),
        improved=_sum(row.improved for row in rows),
        deteriorated=_sum(row.deteriorated for row in rows),
        talking_therapies=TalkingTherapies(
            *(sum(getattr(tt, name) for tt in talking) for name in TT_COUNTS)
        )
        if talking
        else None,
    )


def _sum(parts) -> int | None:
    parts = list(parts)
    return None if None in parts else sum(parts)


def _row(instrument, group: str, values=None) -> OutcomeRow:
    """A group's row from the query's sums (none: nobody paired in it)."""
    paired, change_sum, improved, deteriorated, *talking = (v or 0 for v in values or [0] * 8)
    measured = instrument.reliable_change is not None
    return OutcomeRow(
        group=group,
        paired=int(paired),
        # Rounded: sums of the same parts in another order differ in the last bits.
        change_sum=round(float(change_sum), 6),
        improved=int(improved) if measured else None,
        deteriorated=int(deteriorated) if measured else None,
        talking_therapies=TalkingTherapies(*(int(v) for v in talking))
        if instrument.code in (PHQ9, GAD7)
        else None,
    )


# The query ----------------------------------------------------------------------

_SQL = """
WITH ends AS MATERIALIZED (
    -- (Materialised, so each look-up runs once however often its result is used; and so
    -- PostgreSQL keeps its merge joins rather than a look-up a person, which it may pick
    -- from its row estimates when this is planned with the rest, several times slower.)
    -- From the summary: one row a person and instrument with a check-in in the period
    -- or on both sides of it. Whoever has check-ins before the period starts has their
    -- first one in it from the gap the start falls in (`g`); whoever has check-ins after
    -- it ends, their latest one in it from the gap the end falls in (`h`).
    SELECT s.person_id, s.instrument,
        CASE WHEN s.first_at >= %(since)s THEN s.first_total ELSE g.total END AS first_total,
        CASE WHEN s.first_at >= %(since)s THEN s.first_check_in_id ELSE g.check_in_id END
            AS first_id,
        CASE WHEN s.last_at < %(until)s THEN s.last_total ELSE h.prev_total END AS last_total,
        CASE WHEN s.last_at < %(until)s THEN s.last_check_in_id ELSE h.prev_check_in_id END
            AS last_id,
        CASE WHEN s.last_at < %(until)s THEN s.last_at ELSE h.prev_at END AS last_at,
        CASE WHEN s.last_at < %(until)s AND %(zone_kept)s = 1 THEN s.last_day END AS last_day
    FROM measures_outcomesummary s
    -- (`instrument IN` again on each look-up: PostgreSQL then reads only those two
    -- instruments' gaps from the index, not every instrument's.)
    LEFT JOIN measures_outcomestep g ON s.first_at < %(since)s
        AND g.bucket = %(since_bucket)s AND g.instrument IN (%(code)s, %(partner)s)
        AND g.instrument = s.instrument
        AND g.person_id = s.person_id AND g.prev_at < %(since)s AND g.at >= %(since)s
    LEFT JOIN measures_outcomestep h ON s.last_at >= %(until)s
        AND h.bucket = %(until_bucket)s AND h.instrument IN (%(code)s, %(partner)s)
        AND h.instrument = s.instrument
        AND h.person_id = s.person_id AND h.prev_at < %(until)s AND h.at >= %(until)s
    WHERE s.instrument IN (%(code)s, %(partner)s)
        AND s.last_at >= %(since)s AND s.first_at < %(until)s AND {persons}
),
pairs AS (
    -- One row a person: the first and latest score of each instrument done twice or
    -- more in the period (the latest in it, and not the first).
    SELECT person_id,
        MAX(CASE WHEN instrument = %(code)s THEN first_total END) AS first_score,
        MAX(CASE WHEN instrument = %(code)s THEN last_total END) AS last_score,
        MAX(CASE WHEN instrument = %(code)s THEN last_at END) AS last_at,
        MAX(CASE WHEN instrument = %(code)s THEN last_day END) AS kept_day,
        MAX(CASE WHEN instrument = %(phq9)s THEN first_total END) AS first_phq9,
        MAX(CASE WHEN instrument = %(phq9)s THEN last_total END) AS last_phq9,
        MAX(CASE WHEN instrument = %(gad7)s THEN first_total END) AS first_gad7,
        MAX(CASE WHEN instrument = %(gad7)s THEN last_total END) AS last_gad7
    FROM ends
    WHERE last_at >= %(since)s AND first_id <> last_id
    GROUP BY person_id
),
dated AS (
    SELECT pairs.*, COALESCE(kept_day, {last_day}) AS last_day
    FROM pairs WHERE last_at IS NOT NULL
),
placed AS (
    -- The assignment current on the day of the latest check-in, else the latest started.
    SELECT d.*, t.id AS team_id, t.service_line_id, t.locality_id,
        ROW_NUMBER() OVER (
            PARTITION BY d.person_id
            ORDER BY CASE WHEN a.starts_on <= d.last_day
                    AND (a.ends_on IS NULL OR a.ends_on >= d.last_day) THEN 0 ELSE 1 END,
                a.starts_on DESC, a.id DESC
        ) AS choice
    FROM dated d
    LEFT JOIN people_caseloadassignment a ON a.person_id = d.person_id
    LEFT JOIN people_team t ON t.id = a.team_id
),
judged AS (
    SELECT person_id, {group} AS group_id, last_score - first_score AS change,
        CASE WHEN %(better)s * (last_score - first_score) >= %(threshold)s
            THEN 1 ELSE 0 END AS improved,
        CASE WHEN %(better)s * (first_score - last_score) >= %(threshold)s
            THEN 1 ELSE 0 END AS deteriorated,
        CASE WHEN first_gad7 IS NULL OR first_phq9 IS NULL THEN 0 ELSE 1 END AS tt_paired,
        CASE WHEN first_phq9 >= %(phq9_case)s OR first_gad7 >= %(gad7_case)s
            THEN 1 ELSE 0 END AS tt_case,
        CASE WHEN last_phq9 < %(phq9_case)s AND last_gad7 < %(gad7_case)s
            THEN 1 ELSE 0 END AS tt_well,
        CASE WHEN (first_phq9 - last_phq9 >= %(phq9_rc)s
                OR first_gad7 - last_gad7 >= %(gad7_rc)s)
            AND NOT (last_phq9 - first_phq9 >= %(phq9_rc)s
                OR last_gad7 - first_gad7 >= %(gad7_rc)s)
            THEN 1 ELSE 0 END AS tt_better
    FROM placed
    WHERE choice = 1
),
parts AS (
    -- Each paired person's part of their group's figures.
    SELECT person_id, group_id, change, improved, deteriorated, tt_paired,
        tt_paired * tt_case AS tt_case, tt_paired * tt_case * tt_well AS tt_recovered,
        tt_paired * tt_case * tt_well * tt_better AS tt_reliable
    FROM judged
)
{then}"""
# The figures of each group: the sums of its people's parts (from `parts` or from those
# kept in measures_outcomecontribution).
SUMS = """SELECT group_id, COUNT(*), SUM(change), SUM(improved), SUM(deteriorated),
    SUM(tt_paired), SUM(tt_case), SUM(tt_recovered), SUM(tt_reliable)
FROM {parts}
GROUP BY group_id
"""


def _query(
    instrument,
    start: date,
    end: date,
    group_column: str,
    then: str = SUMS.format(parts="parts"),
    persons: str = "1 = 1",
) -> tuple[str, dict]:
    """The query for these figures: `then` is the statement over `parts` (its sums by
    default); `persons` a condition on the summary `s` choosing whose parts."""
    ops = connection.ops
    day_sql, day_params = ops.datetime_cast_date_sql(
        "pairs.last_at", (), timezone.get_current_timezone_name()
    )
    # The backend writes its own placeholders; name them so they fit the rest.
    day_names = [f"day{i}" for i in range(len(day_params))]
    day_sql %= tuple(f"%({name})s" for name in day_names)
    partner = {PHQ9: GAD7, GAD7: PHQ9}.get(instrument.code, instrument.code)
    threshold = instrument.reliable_change
    since, until = midnight(start), midnight(end + timedelta(days=1))
    params = {
        "code": instrument.code,
        "partner": partner,
        # The summary's day of the latest check-in is in the trust's zone.
        "zone_kept": int(timezone.get_current_timezone_name() == settings.TIME_ZONE),
        "since": ops.adapt_datetimefield_value(since),
        "until": ops.adapt_datetimefield_value(until),
        "since_bucket": summaries.bucket(since),
        "until_bucket": summaries.bucket(until),
        "phq9": PHQ9,
        "gad7": GAD7,
        "better": 1.0 if instrument.higher_is_better else -1.0,
        # As scoring.reliable_change, which allows for floating point; without a threshold
        # nothing counts as reliable (shown as "not measured").
        "threshold": threshold - scoring.EPSILON if threshold is not None else float("inf"),
        # As scoring.talking_therapies, exactly.
        "phq9_case": float(scoring.PHQ9_CASENESS),
        "gad7_case": float(scoring.GAD7_CASENESS),
        "phq9_rc": float(scoring.PHQ9_RELIABLE),
        "gad7_rc": float(scoring.GAD7_RELIABLE),
        **dict(zip(day_names, day_params, strict=True)),
    }
    sql = _SQL.format(last_day=day_sql, group=group_column, persons=persons, then=then)
    return sql, params


# For the page and the download ----------------------------------------------------


def outcomes_page_context(instrument_code: str, start: date, end: date, group_by: str) -> dict:
    """What measures/outcomes.jinja needs (the view adds its filter form): as
    protected_outcomes."""
    instrument = catalogue.get(instrument_code)
    rows, total = protected_outcomes(instrument_code, start, end, group_by)
    return {
        "instrument": instrument,
        "start": start,
        "end": end,
        "group_by": group_by,
        "group_label": GROUPINGS[group_by].label,
        "rows": rows,
        "total": total,
        "talking_therapies": instrument.code in (PHQ9, GAD7),
        "measured": instrument.reliable_change is not None,
        "withheld_note": WITHHELD_NOTE,
    }


HEADER = [
    "People with a first and latest score",
    "Mean change (latest minus first)",
    "Reliably improved",
    "No reliable change",
    "Reliably deteriorated",
]
TT_HEADER = [
    "Talking Therapies: people with PHQ-9 and GAD-7 paired",
    "Talking Therapies: at caseness at first",
    "Talking Therapies: recovery rate",
    "Talking Therapies: reliable recovery rate",
]


def outcomes_csv(rows: list[OutcomeRow], group_label: str = "Group") -> str:
    """The rows as CSV, suppressed as on the page; group figures only, never a person."""
    talking = bool(rows) and rows[0].talking_therapies is not None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([group_label, *HEADER, *(TT_HEADER if talking else [])])
    for row in rows:
        cells = [
            _safe_cell(row.group),
            str(row.people),
            row.mean_change,
            row.improved_rate,
            row.no_change_rate,
            row.deteriorated_rate,
        ]
        if talking:
            tt = row.talking_therapies
            cells += [
                str(tt.people),
                str(tt.people_at_caseness),
                tt.recovery_rate,
                tt.reliable_recovery_rate,
            ]
        writer.writerow(cells)
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # A name starting like a formula must not run as one in a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass(frozen=True)
class Download:
    filename: str
    content: str
    content_type: str = "text/csv; charset=utf-8"


def outcomes_download(instrument_code: str, start: date, end: date, group_by: str) -> Download:
    """The CSV the page offers: its groups, then the trust total (one row when by trust)."""
    rows, total = protected_outcomes(instrument_code, start, end, group_by)
    content = outcomes_csv([*rows, total], GROUPINGS[group_by].label)
    name = f"outcomes-{instrument_code}-by-{group_by.replace('_', '-')}-{start}-to-{end}.csv"
    return Download(name, content)
