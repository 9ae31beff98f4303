"""Feedback's figures as tables of text, suppressed, for the page and the CSV alike (so
both show exactly the same). No database: from figures_sql.Raw.

Each count is a cell: (row kind, row, column). Any count from 1 to 4 shows as "fewer than
5" (core/suppression.py), and core/secondary_suppression.py hides whatever else would give
one away through the sums that hold: each team's (or month's) figures and the "all" row.
% positive, % negative and the response rate show only when both their counts do.
"""

from dataclasses import dataclass

from recoveryhub.core.secondary_suppression import Protected, Total, protect
from recoveryhub.core.spc_chart import month_name, short_month  # noqa: F401 - used here and by importers
from recoveryhub.core.spreadsheets import tables_csv
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.episodes.throughput_tables import Table

from . import fft, themes
from .figures_sql import Raw
from .models import Channel

ALL = "all"
TOTAL, POS, NEG, COUNTED, CONTACTS = "total", "positive", "negative", "counted", "contacts"
COLUMNS = (TOTAL, POS, NEG, COUNTED, CONTACTS)
NOT_KNOWN = "not known"
HIDDEN_TEXTS = (SUPPRESSED, "hidden")


@dataclass(frozen=True)
class Shown:
    raw: Raw
    protected: Protected
    team_ids: tuple  # the rows of teams (empty on one team's page)

    @property
    def withheld(self) -> bool:
        return bool(self.protected.secondary)

    def count(self, key) -> str:
        return self.protected.count(key)

    def value(self, key) -> int:
        return self.protected.values.get(key, 0)

    def rate(self, numerator, denominator) -> str:
        return self.protected.rate(numerator, denominator)

    def row(self, kind, row) -> tuple[str, ...]:
        """Responses, % positive, % negative, contacts, response rate."""
        key = (lambda c: (ALL, c)) if kind == ALL else (lambda c: (kind, row, c))
        known = self.value(key(CONTACTS)) > 0
        return (
            self.count(key(TOTAL)),
            self.rate(key(POS), key(TOTAL)),
            self.rate(key(NEG), key(TOTAL)),
            self.count(key(CONTACTS)) if known else NOT_KNOWN,
            self.rate(key(COUNTED), key(CONTACTS)) if known else NOT_KNOWN,
        )

    def positive_share(self, month) -> float | None:
        """The month's % positive, exact, when it may be shown; else None."""
        text = self.rate(("month", month, POS), ("month", month, TOTAL))
        total = self.value(("month", month, TOTAL))
        if text in HIDDEN_TEXTS or not total:
            return None
        return 100 * self.value(("month", month, POS)) / total


def _cells(raw: Raw, team_ids) -> dict:
    """Counts by team and by month (of these teams together), and for all of them."""
    values: dict = {}
    for team in team_ids:
        for month in raw.months:
            got = raw.answers.get((team, month), {})
            contacts = raw.contacts.get((team, month), 0)
            add = {
                TOTAL: got.get("total", 0),
                POS: sum(got.get(code, 0) for code in fft.POSITIVE),
                NEG: sum(got.get(code, 0) for code in fft.NEGATIVE),
                COUNTED: got.get("total", 0) if contacts else 0,
                CONTACTS: contacts,
            }
            for column, n in add.items():
                for key in (("team", team, column), ("month", month, column), (ALL, column)):
                    values[key] = values.get(key, 0) + n
    return values


def _follows(rows) -> list:
    pairs = []
    for key in rows:
        pairs += [(key(POS), key(TOTAL)), (key(NEG), key(TOTAL)), (key(COUNTED), key(CONTACTS))]
    return pairs


def shown(raw: Raw, team_ids=None) -> Shown:
    """Suppressed figures for these teams (all of raw's by default) and raw's months."""
    team_ids = tuple(raw.teams if team_ids is None else team_ids)
    values = _cells(raw, team_ids)
    for column in COLUMNS:
        values.setdefault((ALL, column), 0)
    totals = []
    for column in COLUMNS:
        for kind, rows in (("team", team_ids), ("month", raw.months)):
            parts = tuple((kind, r, column) for r in rows)
            for part in parts:
                values.setdefault(part, 0)
            totals.append(Total((ALL, column), parts))
    rows = [lambda c, t=t: ("team", t, c) for t in team_ids]
    rows += [lambda c, m=m: ("month", m, c) for m in raw.months]
    rows.append(lambda c: (ALL, c))
    _channels(raw, team_ids, values, totals)
    _themes(raw, values, totals)
    return Shown(raw, protect(values, totals, follows=_follows(rows)), team_ids)


def _channels(raw: Raw, team_ids, values, totals) -> None:
    parts = []
    for channel in Channel.values:
        key = ("channel", channel)
        values[key] = sum(
            raw.answers.get((t, m), {}).get(f"by_{channel}", 0)
            for t in team_ids
            for m in raw.months
        )
        parts.append(key)
    totals.append(Total((ALL, TOTAL), tuple(parts)))


def _themes(raw: Raw, values, totals) -> None:
    for theme in themes.THEMES:
        parts = tuple(("theme", theme.code, m) for m in raw.months)
        for m in raw.months:
            values[("theme", theme.code, m)] = raw.themes.get((theme.code, m), 0)
        values[("theme", theme.code, ALL)] = sum(values[p] for p in parts)
        totals.append(Total(("theme", theme.code, ALL), parts))


HEAD = ("Responses", "% positive", "% negative", "Contacts", "Response rate")


def teams_table(s: Shown) -> Table:
    rows = [(s.raw.teams[t], *s.row("team", t)) for t in s.team_ids]
    rows.append(("All these teams", *s.row(ALL, None)))
    return Table("teams", "Friends and Family Test by team", ("Team", *HEAD), tuple(rows))


def months_table(s: Shown, caption: str) -> Table:
    rows = [(month_name(m), *s.row("month", m)) for m in s.raw.months]
    rows.append(("All these months", *s.row(ALL, None)))
    return Table("months", caption, ("Month", *HEAD), tuple(rows))


def themes_table(s: Shown) -> Table:
    months = s.raw.months
    rows = tuple(
        (
            theme.label,
            *(s.count(("theme", theme.code, m)) for m in months),
            s.count(("theme", theme.code, ALL)),
        )
        for theme in themes.THEMES
    )
    head = ("Theme", *(short_month(m) for m in months), "All months")
    return Table("themes", "Comments by theme and month", head, rows)


def channels_table(s: Shown) -> Table:
    rows = tuple((Channel(c).label, s.count(("channel", c))) for c in Channel.values) + (
        ("All channels", s.count((ALL, TOTAL))),
    )
    return Table(
        "channels", "Friends and Family Test answers by channel", ("Channel", "Answers"), rows
    )


def as_csv(period: str, tables: list[Table]) -> str:
    return tables_csv(period, tables)
