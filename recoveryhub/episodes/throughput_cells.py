"""Which of the managers' figures of reablement and coaching may be shown. No database.

Every count is a cell, keyed (group, table, row, column), for every group at once (teams,
service lines, the trust), so the same cells are hidden whichever group a manager looks
at, on the page or in the CSV:

- ("ref", row, source | status | "total"): referrals received in a month (row 0, 1, ...)
  or the whole period (rules.PERIOD); ("wait", row, "n"): those with a first contact.
- ("end", row, reason | "total"): episodes ended.
- ("kind", how it ended, figure): for the whole period by how the episodes ended: what
  happened next, who came back, open-door passes, change in measures.
- ("instr", measure, "paired"): episodes with scores to compare, by measure.
- ("case", band | "workers" | "open" | "unnamed"): caseloads today.

Suppression (core/suppression.py, ADR 7): every count from 1 to 4 reads "fewer than 5";
then core/secondary_suppression.py hides whatever would give one away through the sums
that hold: each row's total and its parts, the whole period and its months, all endings
and each way of ending, a service line and its teams, the trust and its service lines.
Three tables that share no sums are protected apart: referrals, endings and caseloads.
A median or mean shows only when the count it describes does.

A named worker who works in two teams of a service line counts once in it, so a service
line's caseload bands are at most the sum of its teams': hiding as if they were the sum
is safe (as people/aggregates.py does).
"""

from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import WITHHELD, Protected, Total, protect
from recoveryhub.core.suppression import SUPPRESSED

from . import throughput_rules as rules

REF_COLUMNS = (*rules.SOURCES, *rules.STATUSES, "total")
END_COLUMNS = (*rules.REASONS, "total")
KIND_FIGURES = (
    *rules.NEXT_STEPS,
    *(f"{word}{days}" for days in rules.RETURN_DAYS for word in ("eligible", "back")),
    "passes",
    "door",
    "paired",
    "improved",
    "no_change",
    "deteriorated",
)
CHANGE_PARTS = ("improved", "no_change", "deteriorated")
CASE_CELLS = (*range(len(rules.BANDS)), "workers", "open", "unnamed")
TABLES = {"ref": "referrals", "wait": "referrals", "end": "endings", "kind": "endings"}
TABLES |= {"instr": "endings", "case": "caseloads"}


def ended(group, kind: str) -> tuple:
    """The cell of the episodes of `group` that ended in the period in this way."""
    column = {rules.GOALS: "goals_met", rules.CLOCK: "time_limit", rules.ALL: "total"}
    if kind == rules.OTHER:
        return (group, "kind", rules.OTHER, "ended")
    return (group, "end", rules.PERIOD, column[kind])


def fill(values: dict, groups, months: int, instruments) -> None:
    """Every cell of every group, zero where nothing was counted."""
    rows = [*range(months), rules.PERIOD]
    for group in (g.key for g in groups):
        keys = [(group, "ref", r, c) for r in rows for c in REF_COLUMNS]
        keys += [(group, "wait", r, "n") for r in rows]
        keys += [(group, "end", r, c) for r in rows for c in END_COLUMNS]
        keys += [(group, "kind", k, f) for k in (*rules.KINDS, rules.ALL) for f in KIND_FIGURES]
        keys += [ended(group, rules.OTHER)]
        keys += [(group, "instr", code, "paired") for code in instruments]
        keys += [(group, "case", c) for c in CASE_CELLS]
        for key in keys:
            values.setdefault(key, 0)


def sums(groups, months: int, instruments) -> tuple[list[Total], list[tuple]]:
    """The sums that hold between the cells, and which cells are shown only as a rate."""
    rows = [*range(months), rules.PERIOD]
    totals, follows = [], []
    for g in (group.key for group in groups):
        for r in rows:
            total = (g, "ref", r, "total")
            totals.append(Total(total, tuple((g, "ref", r, s) for s in rules.SOURCES)))
            totals.append(Total(total, tuple((g, "ref", r, s) for s in rules.STATUSES)))
            totals.append(
                Total((g, "end", r, "total"), tuple((g, "end", r, c) for c in rules.REASONS))
            )  # noqa: E501
        for table, columns in (("ref", REF_COLUMNS), ("wait", ("n",)), ("end", END_COLUMNS)):
            for c in columns:
                whole = (g, table, rules.PERIOD, c)
                totals.append(Total(whole, tuple((g, table, m, c) for m in range(months))))
        other = tuple((g, "end", rules.PERIOD, r) for r in rules.OTHER_REASONS)
        totals.append(Total(ended(g, rules.OTHER), other))
        for k in (*rules.KINDS, rules.ALL):
            steps = tuple((g, "kind", k, s) for s in rules.NEXT_STEPS)
            totals.append(Total(ended(g, k), steps))
            paired = (g, "kind", k, "paired")
            totals.append(Total(paired, tuple((g, "kind", k, p) for p in CHANGE_PARTS)))
            follows += [((g, "kind", k, p), paired) for p in CHANGE_PARTS]
        for figure in KIND_FIGURES:
            parts = tuple((g, "kind", k, figure) for k in rules.KINDS)
            totals.append(Total((g, "kind", rules.ALL, figure), parts))
        instruments_paired = tuple((g, "instr", code, "paired") for code in instruments)
        totals.append(Total((g, "kind", rules.ALL, "paired"), instruments_paired))
        bands = tuple((g, "case", b) for b in range(len(rules.BANDS)))
        totals.append(Total((g, "case", "workers"), bands))
    return totals, follows


def hierarchy(groups, keys) -> list[Total]:
    """A service line is the sum of its teams, the trust the sum of its service lines."""
    teams = [g for g in groups if g.key[0] == "team"]
    lines: dict = {}
    for team in teams:
        lines.setdefault(team.line, []).append(team.key)
    trust = next(g.key for g in groups if g.key[0] == "trust")
    totals = []
    for rest in {key[1:] for key in keys if key[0][0] == "team"}:
        for line, members in lines.items():
            totals.append(Total((line, *rest), tuple((m, *rest) for m in members)))
        totals.append(Total((trust, *rest), tuple((line, *rest) for line in lines)))
    return totals


def split(values: dict) -> dict[str, dict]:
    """The cells of each of the three tables protected apart."""
    found: dict = {"referrals": {}, "endings": {}, "caseloads": {}}
    for key, value in values.items():
        found[TABLES[key[1]]][key] = value
    return found


def problems(values: dict, groups, months: int, instruments) -> dict[str, tuple]:
    """The three tables to protect apart: {name: (cells, sums, follows)}."""
    totals, follows = sums(groups, months, instruments)
    found = {}
    for table, mine in split(values).items():
        local = [t for t in totals if TABLES[t.total[1]] == table]
        local += hierarchy(groups, mine)
        theirs = [f for f in follows if TABLES[f[0][1]] == table]
        found[table] = (mine, local, theirs)
    return found


def protect_all(values: dict, groups, months: int, instruments) -> dict[str, Protected]:
    """What to hide, table by table."""
    return {
        table: protect(mine, local, follows=theirs)
        for table, (mine, local, theirs) in problems(values, groups, months, instruments).items()
    }


@dataclass(frozen=True)
class Shown:
    """The figures as a manager may see them: counts and rates through `count` and
    `rate`, medians and means through `beside`."""

    raw: object  # throughput.Raw
    protected: dict  # table name -> Protected

    def _of(self, key) -> Protected:
        return self.protected[TABLES[key[1]]]

    def count(self, key) -> str:
        return self._of(key).count(key)

    def hidden(self, key) -> bool:
        return self._of(key).hidden(key)

    def rate(self, numerator, denominator) -> str:
        return self._of(numerator).rate(numerator, denominator)

    def value(self, key) -> int:
        """The count itself: only for drawing what `count` shows (never a hidden one)."""
        return self.raw.values.get(key, 0)

    def beside(self, count_key, figure, say) -> str:
        """A median or mean of the things `count_key` counts: shown only when that is,
        `say(figure)` when there is one, else "none"."""
        shown = self.count(count_key)
        if shown in (SUPPRESSED, WITHHELD):
            return shown
        if figure is None or not self.value(count_key):
            return "none"
        return say(figure)

    @property
    def withheld(self) -> bool:
        return any(p.secondary for p in self.protected.values())
