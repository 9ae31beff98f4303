"""The managers' figures of reablement and coaching as tables of text, for the page and the
CSV alike (so both show exactly the same), from throughput_cells.Shown. No database."""

import csv
import io
from dataclasses import dataclass

from recoveryhub.measures import catalogue

from . import throughput_rules as rules
from .models import EndReason, NextStep, Source
from .throughput_cells import ended

KINDS = (*rules.KINDS, rules.ALL)
SOURCE_LABELS = {
    Source.GP: "GP",
    Source.TEAM: "Another team",
    Source.SELF: "The person themselves",
    Source.OPEN_DOOR: "Open-door pass",
}


@dataclass(frozen=True)
class Table:
    slug: str  # for ids and the CSV
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # each starts with its row's heading


def _rows(period: rules.Period) -> list[int]:
    return [*range(len(period.months)), rules.PERIOD]


def referrals(shown, g, period) -> list[Table]:
    def row(r, columns):
        return (period.row_label(r), *(shown.count((g, "ref", r, c)) for c in columns))

    sources = (*rules.SOURCES, "total")
    statuses = (*rules.STATUSES, "total")
    return [
        Table(
            "referrals",
            "Referrals received, by where they came from",
            ("Month", *(SOURCE_LABELS[s] for s in rules.SOURCES), "All referrals"),
            tuple(row(r, sources) for r in _rows(period)),
        ),
        Table(
            "triage",
            "What happened to the referrals",
            ("Month", *(rules.STATUS_LABELS[s] for s in rules.STATUSES), "All referrals"),
            tuple(row(r, statuses) for r in _rows(period)),
        ),
    ]


def waits(shown, g, period) -> Table:
    def row(r):
        key = (g, "wait", r, "n")
        median, p90 = shown.raw.extra.get((g, "wait", r), (None, None))
        return (
            period.row_label(r),
            shown.count(key),
            shown.beside(key, median, rules.days_text),
            shown.beside(key, p90, rules.days_text),
        )

    return Table(
        "waits",
        "Wait from referral to first contact (by the month the referral came in)",
        (
            "Month",
            "Referrals with a first contact",
            "Median wait",
            "9 in 10 waited no longer than",
        ),
        tuple(row(r) for r in _rows(period)),
    )


def endings(shown, g, period) -> Table:
    def row(r):
        total = (g, "end", r, "total")
        median, mean = shown.raw.extra.get((g, "length", r, rules.ALL), (None, None))
        counts = (shown.count((g, "end", r, c)) for c in (*rules.REASONS, "total"))
        return (
            period.row_label(r),
            *counts,
            shown.beside(total, median, rules.days_text),
            shown.beside(total, mean, rules.days_text),
        )

    reasons = [EndReason(r).label for r in rules.REASONS]
    reasons[0], reasons[1] = "By goals: goals met", "By the clock: time limit reached"
    return Table(
        "endings",
        "Episodes that ended, by why they ended",
        ("Month", *reasons, "All endings", "Median length", "Average length"),
        tuple(row(r) for r in _rows(period)),
    )


def _by_kind(slug, caption, lines) -> Table:
    """A table with a column for each way of ending: `lines` are (heading, cell(kind))."""
    head = ("", *(rules.KIND_LABELS[k] for k in KINDS))
    return Table(slug, caption, head, tuple((h, *(cell(k) for k in KINDS)) for h, cell in lines))


def by_how_it_ended(shown, g) -> list[Table]:
    extra = shown.raw.extra

    def count(name):
        return lambda k: shown.count((g, "kind", k, name))

    def rate(name, of):
        return lambda k: shown.rate((g, "kind", k, name), (g, "kind", k, of))

    def length(n):
        def cell(k):
            figure = extra.get((g, "length", rules.PERIOD, k), (None, None))[n]
            return shown.beside(ended(g, k), figure, rules.days_text)

        return cell

    ended_line = ("Episodes that ended", lambda k: shown.count(ended(g, k)))
    lengths = [ended_line, ("Median length", length(0)), ("Average length", length(1))]
    steps = [ended_line] + [(NextStep(s).label, count(s)) for s in rules.NEXT_STEPS]
    back = []
    for days in rules.RETURN_DAYS:
        back += [
            (f"Ended at least {days} days ago", count(f"eligible{days}")),
            (f"Came back within {days} days", count(f"back{days}")),
            (f"Share who came back within {days} days", rate(f"back{days}", f"eligible{days}")),
        ]
    back += [
        ("Given an open-door pass", count("passes")),
        ("Came back through the open door", count("door")),
        ("Share of passes used to come back", rate("door", "passes")),
    ]
    change = [
        ended_line,
        ("With a score near the start and the end", count("paired")),
        ("Reliably improved", rate("improved", "paired")),
        ("No reliable change", rate("no_change", "paired")),
        ("Reliably deteriorated", rate("deteriorated", "paired")),
    ]
    return [
        _by_kind("lengths", "How long episodes lasted, by how they ended", lengths),
        _by_kind("next", "What happened next, by how episodes ended", steps),
        _by_kind("returns", "Who came back, by how episodes ended", back),
        _by_kind("change", "Change in people's measures, by how episodes ended", change),
    ]


def by_measure(shown, g) -> Table:
    def row(code):
        instrument = catalogue.get(code)
        key = (g, "instr", code, "paired")
        total = shown.raw.extra.get((g, "change", code), 0.0)
        paired = shown.value(key)

        def say(_):
            return f"{total / paired:+.1f}".replace("+0.0", "0.0").replace("-0.0", "0.0")

        better = "Higher is better" if instrument.higher_is_better else "Lower is better"
        return (instrument.short_name, shown.count(key), shown.beside(key, total, say), better)

    return Table(
        "measures",
        "Average change in each measure, from the start to the end of an episode",
        ("Measure", "Episodes with scores to compare", "Average change", "Direction"),
        tuple(row(code) for code in shown.raw.instruments),
    )


def caseloads(shown, g) -> Table:
    def count(name):
        return shown.count((g, "case", name))

    workers = (g, "case", "workers")
    median = shown.raw.extra.get((g, "case"))
    bands = [
        (f"Workers with {rules.band_label(b)} open episodes", count(i))
        for i, b in enumerate(rules.BANDS)
    ]
    lines = [
        ("Open episodes", count("open")),
        ("Of these, with no named worker", count("unnamed")),
        ("Named workers with open episodes", count("workers")),
        ("Median open episodes per named worker", shown.beside(workers, median, _plain)),
        *bands,
    ]
    return Table("caseloads", "Caseloads today: open episodes per named worker",
                 ("", "Today"), tuple(lines))  # fmt: skip


def _plain(value: float) -> str:
    return f"{value:g}"


def compared(shown) -> Table:
    """Every team, service line and the trust side by side, for the whole period."""
    p, back = rules.PERIOD, rules.RETURN_DAYS[1]

    def row(group):
        g = group.key
        kind = (g, "kind", rules.ALL)
        return (
            group.name,
            shown.count((g, "ref", p, "total")),
            shown.count(ended(g, rules.ALL)),
            shown.rate(ended(g, rules.GOALS), ended(g, rules.ALL)),
            shown.rate(ended(g, rules.CLOCK), ended(g, rules.ALL)),
            shown.rate((*kind, f"back{back}"), (*kind, f"eligible{back}")),
            shown.rate((*kind, "improved"), (*kind, "paired")),
        )

    head = (
        "Team or service line", "Referrals", "Episodes ended", "Ended by goals",
        "Ended by the clock", f"Came back within {back} days", "Reliably improved",
    )  # fmt: skip
    return Table("compared", "Teams and service lines compared, over the whole period", head,
                 tuple(row(group) for group in shown.raw.groups))  # fmt: skip


def all_tables(shown, g) -> list[Table]:
    period = shown.raw.period
    return [
        *referrals(shown, g, period),
        waits(shown, g, period),
        endings(shown, g, period),
        *by_how_it_ended(shown, g),
        by_measure(shown, g),
        caseloads(shown, g),
    ]


def as_csv(group_name: str, tables: list[Table], across: Table | None = None) -> str:
    """One line a figure: group, table, row, column, figure as the page shows it; then, if
    given, the groups compared (`across`: a row for each group, for the whole period)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Group", "Table", "Row", "Column", "Figure"])
    for table in tables:
        for row in table.rows:
            for column, text in zip(table.head[1:], row[1:], strict=True):
                writer.writerow([_safe(group_name), table.caption, row[0], column, text])
    for row in across.rows if across else ():
        for column, text in zip(across.head[1:], row[1:], strict=True):
            writer.writerow([_safe(row[0]), across.caption, "Whole period", column, text])
    return out.getvalue()


def _safe(text: str) -> str:
    # A name starting like a formula must not run as one in a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
