"""What the pathways did in a period, for managers and the pathways team: aggregates only,
with small numbers hidden (issue 15, "Reports").

Every figure is counted in SQL (figures_sql.py: one statement each, however much data).
Each count is a cell keyed (table, row, column); core/suppression.py shows any count from
1 to 4 as "fewer than 5", and core/secondary_suppression.py hides whatever else would give
one away through the sums that hold: each team's or partner's figures and their total, a
partner's roles and the partner, bookings and members by state and their totals. A median,
a rate or a number of hours shows only when the count of people it describes does.

Hours go with the people who volunteered them: a role's hours show only when its count of
volunteers does. Since the hours obey the same sums as the counts (a partner's are its
roles'), the cells hidden for the counts hide the hours too.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from recoveryhub.core.secondary_suppression import Protected, Total, protect
from recoveryhub.core.suppression import SUPPRESSED
from recoveryhub.people.models import Team

from . import figures_sql as sql
from . import figures_stamp
from .figures_period import Period
from .models import Partner

ALL = "all"  # the row of every team or partner together
TRUST = 0  # the trust's own roles, in place of a partner
BOOKINGS = tuple(s.value for s in sql.BOOKING_STATUSES)
MEMBERS = ("in_date", "lapsed")
POSTS = tuple(k.value for k in sql.POSTS)
IPS_GROW_BENCHMARK = 40  # percent of people out of work when referred who start a job
KEEP = 8  # figures kept in each process: a few periods a day, for a few readers


@dataclass
class Raw:
    period: Period
    values: dict = field(default_factory=dict)  # cell -> count
    medians: dict = field(default_factory=dict)  # cell of the count -> median days
    minutes: dict = field(default_factory=dict)  # cell of volunteers -> (volunteering, training)
    teams: dict = field(default_factory=dict)  # id -> name
    partners: dict = field(default_factory=dict)  # id (TRUST for the trust) -> name
    roles: dict = field(default_factory=dict)  # opportunity id -> partner id
    role_titles: dict = field(default_factory=dict)  # opportunity id -> title
    totals: list = field(default_factory=list)


_kept: OrderedDict = OrderedDict()


def kept(period: Period, today, now, trust_name: str) -> "Shown":
    """The period's figures as they may be shown: kept in the process until a write they
    can see moves the stamp (figures_stamp.py: one query), else counted afresh. The stamp
    is read first, so what is kept is never older than its stamp."""
    key = (figures_stamp.stamp(now), period, today, trust_name)
    if key in _kept:
        _kept.move_to_end(key)
        return _kept[key]
    found = _kept[key] = shown(figures(period, today, now, trust_name))
    while len(_kept) > KEEP:
        _kept.popitem(last=False)
    return found


def figures(period: Period, today, now, trust_name: str) -> Raw:
    """Every figure of the period, counted (a fixed number of queries)."""
    raw = Raw(period)
    _supports(raw, sql.run(sql.supports(period)), sql.run(sql.first_contacts(period)))
    _hours(raw, sql.run(sql.hours(period)))
    _onboarding(raw, sql.run(sql.onboarding(period)))
    _panels_and_posts(raw, sql.run(sql.panels(period, today)), sql.run(sql.posts(period)))
    completed, volunteered, worked = sql.run(sql.college_path(period, now))[0]
    raw.values |= {
        ("path", "completed"): completed or 0,
        ("path", "volunteered"): volunteered or 0,
        ("path", "worked"): worked or 0,
    }
    raw.teams = dict(Team.objects.filter(pk__in=raw.teams).values_list("pk", "name"))
    ids = [pk for pk in raw.partners if pk != TRUST]
    raw.partners = {TRUST: trust_name} | dict(
        Partner.objects.filter(pk__in=ids).values_list("pk", "name")
    )
    return raw


def _supports(raw: Raw, counts, contacts) -> None:
    values = raw.values
    for team, referred, out, into in counts:
        raw.teams[team] = None
        for column, value in (("referred", referred), ("out", out), ("into", into)):
            values[("ips", team, column)] = value or 0
    for level, group, n, median, within in contacts:
        row = group if level == 1 else ALL
        values[("contact", row, "n")] = n
        values[("contact", row, "within")] = within or 0
        raw.medians[("contact", row, "n")] = float(median)
    teams = sorted(raw.teams)
    for team in teams:
        for column in ("n", "within"):
            values.setdefault(("contact", team, column), 0)
    for table, columns in (("ips", ("referred", "out", "into")), ("contact", ("n", "within"))):
        for column in columns:
            parts = tuple((table, t, column) for t in teams)
            values[(table, ALL, column)] = sum(values[p] for p in parts)
            raw.totals.append(Total((table, ALL, column), parts))


def _hours(raw: Raw, rows) -> None:
    values = raw.values
    by_partner: dict = {}
    for role, partner, title, people, volunteering, training in rows:
        partner = partner or TRUST
        raw.roles[role] = partner
        raw.role_titles[role] = title
        raw.partners[partner] = None
        key = ("role", role, "people")
        values[key] = people
        raw.minutes[key] = (volunteering or 0, training or 0)
        by_partner.setdefault(partner, []).append(key)
    everyone = []
    for partner, parts in by_partner.items():
        key = ("partner", partner, "people")
        values[key] = sum(values[p] for p in parts)
        raw.minutes[key] = tuple(sum(raw.minutes[p][i] for p in parts) for i in (0, 1))
        raw.totals.append(Total(key, tuple(parts)))
        everyone.append(key)
    key = ("partner", ALL, "people")
    values[key] = sum(values[p] for p in everyone)
    raw.minutes[key] = tuple(sum(raw.minutes[p][i] for p in everyone) for i in (0, 1))
    raw.totals.append(Total(key, tuple(everyone)))


def _onboarding(raw: Raw, rows) -> None:
    parts = []
    raw.values[("onb", ALL, "n")] = 0
    for level, group, n, median in rows:
        key = ("onb", group if level == 1 else ALL, "n")
        raw.values[key] = n
        raw.medians[key] = float(median)
        if level == 1:
            raw.partners[group] = None
            parts.append(key)
    raw.totals.append(Total(("onb", ALL, "n"), tuple(parts)))


def _panels_and_posts(raw: Raw, panels, posts) -> None:
    values = raw.values
    found = {(what, state): n for what, state, n in panels}
    for what, states in (("booking", BOOKINGS), ("member", MEMBERS)):
        parts = tuple((what, s) for s in states)
        for part in parts:
            values[part] = found.get(part, 0)
        values[(what, "total")] = sum(values[p] for p in parts)
        raw.totals.append(Total((what, "total"), parts))
    found = dict(posts)
    parts = tuple(("post", kind) for kind in POSTS)
    for kind in POSTS:
        values[("post", kind)] = found.get(kind, 0)
    values[("post", "total")] = sum(values[p] for p in parts)
    raw.totals.append(Total(("post", "total"), parts))


@dataclass(frozen=True)
class Shown:
    """The figures as they may be shown: text for each cell, rate, median and hours."""

    raw: Raw
    protected: Protected

    @property
    def withheld(self) -> bool:
        return bool(self.protected.secondary)

    def value(self, key) -> int:
        return self.raw.values.get(key, 0)

    def count(self, key) -> str:
        return self.protected.count(key)

    def rate(self, numerator, denominator) -> str:
        return self.protected.rate(numerator, denominator)

    def beside(self, key, text: str | None) -> str:
        """A figure about the people of the cell `key`: hidden as the cell is."""
        if self.protected.hidden(key):
            return self.protected.count(key)
        if not self.value(key) or text is None:
            return "none"
        return text

    def median_days(self, key) -> str:
        median = self.raw.medians.get(key)
        return self.beside(key, None if median is None else days_text(median))

    def hours(self, key, which: int) -> str:
        minutes = self.raw.minutes.get(key, (0, 0))[which]
        return self.beside(key, f"{minutes / 60:,.0f}")

    def small(self, key) -> bool:
        return self.count(key) == SUPPRESSED


def shown(raw: Raw) -> Shown:
    return Shown(raw, protect(raw.values, raw.totals))


def days_text(days: float) -> str:
    whole = f"{days:g}" if days == int(days) else f"{days:.1f}"
    return f"{whole} day" if days == 1 else f"{whole} days"
