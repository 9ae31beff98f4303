"""Reablement and coaching figures for managers: throughput that does not forget the person.

For every team that offers episodes, its service line and the whole trust, by month over
a period: referrals by where they came from and what became of them, the wait to first
contact, episodes ended (by goals, by the clock or another way), how long they lasted,
what happened next, who came back, the change in people's measures between the start
and the end, and caseloads per named worker today. Six SQL statements, whatever the data
(throughput_sql.py), then small-number suppression over every group at once
(throughput_cells.py). Aggregates only: no person is named, nor any worker.
"""

import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from recoveryhub.core import protection_store
from recoveryhub.core.secondary_suppression import Protected, protect
from recoveryhub.measures import outcome_figures
from recoveryhub.people.models import Team

from . import figures_version
from . import throughput_cells as cells
from . import throughput_rules as rules
from . import throughput_sql as sql
from .models import EpisodeType

LEVELS = {1: "team", 2: "line", 3: "trust"}
TRUST = ("trust", 0)


@dataclass(frozen=True)
class Group:
    key: tuple  # ("team", pk), ("line", pk) or TRUST
    name: str
    line: tuple | None = None  # a team's service line


@dataclass
class Raw:
    """The figures as counted, before anything is hidden. `values`: counts by cell (see
    throughput_cells.py for the keys); `extra`: medians, means and sums of changes, which
    are shown only beside a count that is shown."""

    period: rules.Period
    today: date
    groups: list[Group]
    values: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    instruments: list = field(default_factory=list)  # codes of measures with scores paired

    def line_of(self, team: tuple) -> tuple | None:
        return self._lines.get(team)

    def __post_init__(self):
        self._lines = {g.key: g.line for g in self.groups}


def groups() -> list[Group]:
    """Teams that offer episodes (by name), then their service lines, then the trust."""
    offering = EpisodeType.objects.values("team_id")
    teams = list(
        Team.objects.filter(pk__in=offering)
        .select_related("service_line")
        .order_by("name")
        .only("name", "service_line__name")
    )
    found = [Group(("team", t.pk), t.name, ("line", t.service_line_id)) for t in teams]
    lines = {t.service_line_id: t.service_line.name for t in teams}
    found += [Group(("line", pk), name) for pk, name in sorted(lines.items(), key=lambda x: x[1])]
    return [*found, Group(TRUST, "All of the trust")]


# Figures worked out, by the versions of what they read (the episodes' and the check-ins'),
# the period and the day: the last few, in this process. A write moves a version on.
KEEP = 16
_kept: OrderedDict = OrderedDict()


def figures(period: rules.Period, today: date, found: list[Group] | None = None) -> Raw:
    """Every figure for every group (`found`: groups(), if already read): kept until a
    write can change them (one query reads the versions), else counted afresh."""
    versions = (figures_version.current(), outcome_figures.version())
    key = (versions, period, today, tuple(found) if found is not None else None)
    if key in _kept:
        _kept.move_to_end(key)
        return _kept[key]
    raw = _kept[key] = count(period, today, found)
    while len(_kept) > KEEP:
        _kept.popitem(last=False)
    return raw


def count(period: rules.Period, today: date, found: list[Group] | None = None) -> Raw:
    """Every figure for every group, as counted: one query for each table, and one for
    the groups."""
    raw = Raw(period, today, found if found is not None else groups())
    _referrals(raw, sql.run(sql.referrals(period)))
    _waits(raw, sql.run(sql.waits(period)))
    _endings(raw, sql.run(sql.endings(period, today)))
    _lengths(raw, sql.run(sql.lengths(period)))
    _measures(raw, sql.run(sql.measures(period)))
    _caseloads(raw, sql.run(sql.caseloads()))
    cells.fill(raw.values, raw.groups, len(period.months), raw.instruments)
    return raw


# What to hide depends on nothing but the counts, the groups and the rules' code: kept
# until the counts change (core/protection_store.py), as working it out takes seconds
# when many counts are small.
PURPOSE = "episodes figures"
_RULES = protection_store.rules_version(cells, sys.modules[__name__])


def shown(raw: Raw) -> cells.Shown:
    """`raw` as managers may see it: what secondary suppression hides is kept, else worked
    out (one query reads what is kept; a few more keep a new answer)."""
    months = len(raw.period.months)
    tables = cells.split(raw.values)
    shape = (months, tuple(raw.instruments), tuple((g.key, g.line) for g in raw.groups))
    keys = {
        name: protection_store.key_of(
            PURPOSE, _RULES, (name, shape, sorted(mine.items(), key=repr))
        )
        for name, mine in tables.items()
    }

    def work_out(missing: list[str]) -> dict:
        wanted = {name for name, key in keys.items() if key in missing}
        built = cells.problems(raw.values, raw.groups, months, raw.instruments)
        answers = {}
        for name in wanted:
            mine, local, follows = built[name]
            found = protect(mine, local, follows=follows)
            answers[keys[name]] = {
                "primary": sorted(found.primary, key=repr),
                "secondary": sorted(found.secondary, key=repr),
            }
        return answers

    kept = protection_store.kept(PURPOSE, keys.values(), work_out)
    return cells.Shown(
        raw,
        {
            name: Protected(
                tables[name],
                frozenset(_tuples(kept[key]["primary"])),
                frozenset(_tuples(kept[key]["secondary"])),
            )
            for name, key in keys.items()
        },
    )


def _tuples(cells_: list) -> list[tuple]:
    """Cells read back from JSON (lists) as the tuples they were."""

    def back(value):
        return tuple(back(v) for v in value) if isinstance(value, list) else value

    return [back(cell) for cell in cells_]


# From the rows of each statement to cells --------------------------------------


def _group(level: int, pk) -> tuple:
    return TRUST if level == 3 else (LEVELS[level], pk)


def _add(raw: Raw, key: tuple, value) -> None:
    """A team's count, added to its service line's and the trust's too."""
    team, values = key[0], raw.values
    for group in (team, raw.line_of(team), TRUST):
        if group is not None:
            full = (group, *key[1:])
            values[full] = values.get(full, 0) + int(value)


def _referrals(raw: Raw, rows) -> None:
    for team_id, month, source, status, n in rows:
        team = ("team", team_id)
        for row in (month, rules.PERIOD):
            for column in (source, status, "total"):
                _add(raw, (team, "ref", row, column), n)


def _waits(raw: Raw, rows) -> None:
    for level, group_id, month, _kind, n, median, p90, _mean in rows:
        group = _group(level, group_id)
        raw.values[group, "wait", month, "n"] = int(n)
        raw.extra[group, "wait", month] = (_number(median), _number(p90))


def _endings(raw: Raw, rows) -> None:
    for team_id, month, kind_n, reason, step, count, *rest in rows:
        team = ("team", team_id)
        kind = _KINDS[kind_n]
        *returns, passes, door = rest
        for row in (month, rules.PERIOD):
            _add(raw, (team, "end", row, reason), count)
            _add(raw, (team, "end", row, "total"), count)
        if kind == rules.OTHER:
            _add(raw, (team, "kind", kind, "ended"), count)
        figures = {step: count, "passes": passes, "door": door}
        for n, days in enumerate(rules.RETURN_DAYS):
            figures[f"eligible{days}"] = returns[2 * n]
            figures[f"back{days}"] = returns[2 * n + 1]
        for k in (kind, rules.ALL):
            for name, value in figures.items():
                _add(raw, (team, "kind", k, name), int(value))


def _lengths(raw: Raw, rows) -> None:
    for level, group_id, month, kind_n, _n, median, _p90, mean in rows:
        key = (_group(level, group_id), "length", month, _KINDS[kind_n])
        raw.extra[key] = (_number(median), _number(mean))


_KINDS = {n: kind for kind, n in rules.KIND_NUMBERS.items()}


def _measures(raw: Raw, rows) -> None:
    found = set()
    for team_id, kind_n, code, count, change, improved, deteriorated in rows:
        team = ("team", team_id)
        kind = _KINDS[kind_n]
        found.add(code)
        parts = {
            "paired": count,
            "improved": improved,
            "deteriorated": deteriorated,
            "no_change": count - improved - deteriorated,
        }
        for name, n in parts.items():
            for k in (kind, rules.ALL):
                _add(raw, (team, "kind", k, name), int(n))
        _add(raw, (team, "instr", code, "paired"), int(count))
        for group in (team, raw.line_of(team), TRUST):
            key = (group, "change", code)
            raw.extra[key] = raw.extra.get(key, 0.0) + float(change)
    order = [i.code for i in sql.measured_instruments()]
    raw.instruments = [code for code in order if code in found]


def _caseloads(raw: Raw, rows) -> None:
    for level, group_id, band, count, median in rows:
        group = _group(level, group_id)
        if band >= 0:
            raw.values[group, "case", band] = int(count)
        elif band == -1:
            raw.values[group, "case", "workers"] = int(count)
            raw.extra[group, "case"] = _number(median)
        else:  # by team: open episodes, with (-3) or without (-2) a named worker
            if band == -2:
                _add(raw, (group, "case", "unnamed"), int(count))
            _add(raw, (group, "case", "open"), int(count))


def _number(value) -> float | None:
    # PostgreSQL gives averages as Decimal; SQLite as float.
    return None if value is None else float(value)
