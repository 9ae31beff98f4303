"""The pathways' figures as tables of text, for the page and the CSV alike (so both show
exactly the same), from figures.Shown. No database."""

from recoveryhub.core.spreadsheets import tables_csv
from recoveryhub.episodes.throughput_tables import Table

from .figures import ALL, BOOKINGS, IPS_GROW_BENCHMARK, POSTS, TRUST, Shown
from .ips import RAPID_SEARCH_DAYS
from .models import BookingStatus, OpportunityKind

__all__ = ["Table", "all_tables", "as_csv", "summary"]

VOLUNTEERING, TRAINING = 0, 1
POST_LABELS = {
    OpportunityKind.PEER_POST: "Peer support worker posts",
    OpportunityKind.LIVED_EXPERIENCE_JOB: "Jobs open to people with lived experience",
}


def _teams(shown: Shown) -> list:
    names = shown.raw.teams
    return [*sorted(names, key=lambda t: (names[t] or "", t)), ALL]


def _team_name(shown: Shown, team) -> str:
    return "All teams" if team == ALL else shown.raw.teams.get(team) or "A team"


def into_work(shown: Shown) -> Table:
    def row(t):
        out, into = ("ips", t, "out"), ("ips", t, "into")
        return (_team_name(shown, t), shown.count(out), shown.count(into), shown.rate(into, out))

    return Table(
        "into-work",
        "People into work: of people out of work when referred for employment support",
        ("Team", "Out of work when referred", "Started a job", "Share into work"),
        tuple(row(t) for t in _teams(shown)),
    )


def first_contact(shown: Shown) -> Table:
    def row(t):
        n, within = ("contact", t, "n"), ("contact", t, "within")
        return (
            _team_name(shown, t),
            shown.count(("ips", t, "referred")),
            shown.count(n),
            shown.median_days(n),
            shown.count(within),
            shown.rate(within, n),
        )

    return Table(
        "first-contact",
        "Time from referral to the first contact with an employer",
        (
            "Team", "Referred", "With a first employer contact", "Median time",
            f"Within {RAPID_SEARCH_DAYS} days", f"Share within {RAPID_SEARCH_DAYS} days",
        ),
        tuple(row(t) for t in _teams(shown)),
    )  # fmt: skip


def _partners(shown: Shown, table: str) -> list:
    names = shown.raw.partners
    found = [p for p in names if (table, p, "people" if table == "partner" else "n") in
             shown.raw.values]  # fmt: skip
    return [*sorted(found, key=lambda p: (p != TRUST, names.get(p) or "", p)), ALL]


def _partner_name(shown: Shown, partner) -> str:
    return "All partners and the trust" if partner == ALL else shown.raw.partners.get(partner, "")


def _hours_row(shown: Shown, heading: str, key) -> tuple:
    return (heading, shown.count(key), shown.hours(key, VOLUNTEERING), shown.hours(key, TRAINING))


HOURS_HEAD = ("Volunteers", "Hours volunteering", "Hours training")


def hours_by_partner(shown: Shown) -> Table:
    return Table(
        "hours-partner",
        "Approved hours by partner (the trust's own roles under its name)",
        ("Partner", *HOURS_HEAD),
        tuple(
            _hours_row(shown, _partner_name(shown, p), ("partner", p, "people"))
            for p in _partners(shown, "partner")
        ),
    )


def hours_by_role(shown: Shown) -> Table:
    raw = shown.raw
    titles = raw.role_titles
    names = raw.partners
    roles = sorted(
        raw.roles, key=lambda r: (raw.roles[r] != TRUST, names.get(raw.roles[r]), titles[r], r)
    )
    return Table(
        "hours-role",
        "Approved hours by role",
        ("Role", *HOURS_HEAD),
        tuple(
            _hours_row(shown, f"{titles[r]} ({names.get(raw.roles[r])})", ("role", r, "people"))
            for r in roles
        ),
    )


def onboarding(shown: Shown) -> Table:
    def row(p):
        key = ("onb", p, "n")
        return (_partner_name(shown, p), shown.count(key), shown.median_days(key))

    return Table(
        "onboarding",
        "Time from being offered a role to starting it, by partner",
        ("Partner", "Volunteers who started", "Median time to start"),
        tuple(row(p) for p in _partners(shown, "onb")),
    )


def panels(shown: Shown) -> Table:
    labels = {s: BookingStatus(s).label.lower() for s in BOOKINGS}
    rows = [(f"Panel bookings: {labels[s]}", shown.count(("booking", s))) for s in BOOKINGS]
    rows += [
        ("Panel bookings: all", shown.count(("booking", "total"))),
        ("Members on the register now", shown.count(("member", "total"))),
        ("Of them, with training in date", shown.count(("member", "in_date"))),
        ("Of them, whose training has lapsed", shown.count(("member", "lapsed"))),
    ]
    return Table("panels", "Lived-experience interview panels", ("Panels", "Number"), tuple(rows))


def posts(shown: Shown) -> Table:
    rows = [(POST_LABELS[k], shown.count(("post", k))) for k in POSTS]
    rows.append(("All of these", shown.count(("post", "total"))))
    return Table(
        "posts", "Peer and lived-experience posts filled (jobs started)", ("Posts", "Number"),
        tuple(rows),
    )  # fmt: skip


def college_path(shown: Shown) -> Table:
    completed, volunteered, worked = (("path", k) for k in ("completed", "volunteered", "worked"))
    return Table(
        "college-path",
        "From the Recovery College to volunteering to work",
        ("Step", "People", "Share of the step before"),
        (
            ("Completed a College course", shown.count(completed), ""),
            ("Then started volunteering", shown.count(volunteered),
             shown.rate(volunteered, completed)),
            ("Then started a job", shown.count(worked), shown.rate(worked, volunteered)),
        ),
    )  # fmt: skip


def all_tables(shown: Shown) -> list[Table]:
    return [
        into_work(shown),
        first_contact(shown),
        hours_by_partner(shown),
        hours_by_role(shown),
        onboarding(shown),
        panels(shown),
        posts(shown),
        college_path(shown),
    ]


def summary(shown: Shown) -> list[tuple[str, str]]:
    """The headline figures, for all teams and partners over the period."""
    return [
        ("People into work", shown.rate(("ips", ALL, "into"), ("ips", ALL, "out"))),
        ("IPS Grow outcome benchmark (a benchmark, not a target)", f"{IPS_GROW_BENCHMARK}%"),
        ("Median time to the first employer contact", shown.median_days(("contact", ALL, "n"))),
        ("Hours volunteering approved", shown.hours(("partner", ALL, "people"), VOLUNTEERING)),
        ("Peer and lived-experience posts filled", shown.count(("post", "total"))),
    ]


def as_csv(period: str, tables: list[Table]) -> str:
    return tables_csv(period, tables)
