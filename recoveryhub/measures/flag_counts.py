"""Safety flags by team for managers: how many were raised in a period, how many of those
are still open, and the median time a worker took to acknowledge them. Pure: no database.

A flag counts for every team whose caseload the person was on the day it was raised (the
query gives one row a flag and team). "All teams" counts each flag once, so it can be less
than the teams added up; for hiding it is treated as their sum, which hides at least as
much as an exact sum would (as people/aggregates.py does for caseloads).

Suppression (ADR 7): every count from 1 to 4 reads "fewer than 5"; the sums that hold are
raised = still open + acknowledged in each row, and each column's "All teams" over the
teams, so core/secondary_suppression.py hides what would give a small count away. A median
describes the acknowledged flags it comes from, so it shows only when that count does.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from recoveryhub.core.secondary_suppression import WITHHELD, Total, protect
from recoveryhub.core.suppression import SUPPRESSED

from .safety import how_long

ALL = "all"
RAISED, OPEN, ACKNOWLEDGED = "raised", "open", "acknowledged"
NOT_ANY = "none acknowledged"


@dataclass(frozen=True)
class FlagFact:
    """One flag, for one team it counts for."""

    team_id: int
    flag_id: int
    raised_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class Line:
    name: str
    raised: str
    still_open: str
    acknowledged: str
    median_to_acknowledge: str


@dataclass(frozen=True)
class FlagTable:
    teams: list[Line]
    total: Line
    withheld: bool  # secondary suppression hid something: the page says why


def median_wait(waits: list[timedelta]) -> timedelta | None:
    if not waits:
        return None
    return timedelta(seconds=median(w.total_seconds() for w in waits))


def table(facts: Iterable[FlagFact], teams: Iterable[tuple[int, str]]) -> FlagTable:
    """`teams`: (id, name) of every team to show, in the order shown."""
    teams = list(teams)
    counts: dict = defaultdict(int)
    waits: dict = defaultdict(list)
    seen: dict = {}  # each flag once for "All teams"
    for fact in facts:
        seen[fact.flag_id] = fact
        _count(counts, waits, fact.team_id, fact)
    for fact in seen.values():
        _count(counts, waits, ALL, fact)
    keys = [pk for pk, _ in teams] + [ALL]
    values = {
        (kind, key): counts[kind, key] for key in keys for kind in (RAISED, OPEN, ACKNOWLEDGED)
    }
    sums = [Total((RAISED, key), ((OPEN, key), (ACKNOWLEDGED, key))) for key in keys]
    sums += [
        Total((kind, ALL), tuple((kind, pk) for pk, _ in teams))
        for kind in (RAISED, OPEN, ACKNOWLEDGED)
    ]
    protected = protect(values, sums)

    def line(key, name) -> Line:
        acknowledged = protected.count((ACKNOWLEDGED, key))
        wait = median_wait(waits[key])
        if acknowledged in (SUPPRESSED, WITHHELD):
            shown_wait = acknowledged  # a median of a hidden group would describe it
        else:
            shown_wait = how_long(wait) if wait is not None else NOT_ANY
        return Line(
            name=name,
            raised=protected.count((RAISED, key)),
            still_open=protected.count((OPEN, key)),
            acknowledged=acknowledged,
            median_to_acknowledge=shown_wait,
        )

    return FlagTable(
        teams=[line(pk, name) for pk, name in teams],
        total=line(ALL, "All teams"),
        withheld=bool(protected.secondary),
    )


def _count(counts, waits, key, fact: FlagFact) -> None:
    counts[RAISED, key] += 1
    if fact.acknowledged_at is None:
        counts[OPEN, key] += 1
    else:
        counts[ACKNOWLEDGED, key] += 1
        waits[key].append(fact.acknowledged_at - fact.raised_at)
