"""The SQL of feedback's figures: each a single query of the tallies kept as responses
are stored and comments themed (tally.py), a row a team and month, so neither the number
of queries nor the rows read grows with the responses.

% positive and % negative are worked out later over ALL the FFT answers of a month,
"don't know" included, as NHS England does for the national figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum

from recoveryhub.people.models import Team

from . import fft
from .models import Channel, MonthlyContacts, MonthlyTally, ThemeTally

MOST_MONTHS = 24


def first_of(day: date) -> date:
    return day.replace(day=1)


def months_back(last: date, count: int) -> list[date]:
    """The first days of `count` months ending with `last`'s month, oldest first."""
    months = [first_of(last)]
    while len(months) < count:
        months.insert(0, first_of(months[0] - timedelta(days=1)))
    return months


def month_end(month: date) -> date:
    return first_of(month + timedelta(days=32)) - timedelta(days=1)


@dataclass
class Raw:
    """What the queries found, by (team id, month): counts per FFT answer and channel."""

    months: list[date]
    teams: dict = field(default_factory=dict)  # id -> name, in name order
    answers: dict = field(default_factory=dict)  # (team, month) -> {code or channel: n}
    contacts: dict = field(default_factory=dict)  # (team, month) -> contacts
    themes: dict = field(default_factory=dict)  # (code, month) -> comments


def fft_counts(teams, first: date, last: date) -> dict:
    """(team id, month) -> counts of each FFT answer, each channel, and the total."""
    fields = ["total", *fft.CODES, *(f"by_{channel}" for channel in Channel.values)]
    rows = MonthlyTally.objects.filter(
        team__in=teams, month__gte=first, month__lte=last, total__gt=0
    ).values("team_id", "month", *fields)
    return {(row.pop("team_id"), row.pop("month")): row for row in rows}


def contacts(teams, first: date, last: date) -> dict:
    rows = MonthlyContacts.objects.filter(team__in=teams, month__gte=first, month__lte=last)
    return {(t, m): n for t, m, n in rows.values_list("team_id", "month", "contacts")}


def themes(teams, first: date, last: date) -> dict:
    """(theme code, month) -> comments with that theme now (reviewed, else suggested)."""
    rows = (
        ThemeTally.objects.filter(team__in=teams, month__gte=first, month__lte=last)
        .values("code", "month")
        .annotate(n=Sum("comments"))
        .filter(n__gt=0)
        .order_by()
    )
    return {(row["code"], row["month"]): row["n"] for row in rows}


def gather(teams, months: list[date]) -> Raw:
    """Every figure for these teams (a queryset) and months: four queries, however many."""
    first, last = months[0], month_end(months[-1])
    raw = Raw(months)
    raw.teams = dict(teams.order_by("name", "pk").values_list("pk", "name"))
    ids = teams.values("pk")
    raw.answers = fft_counts(ids, first, last)
    raw.contacts = contacts(ids, first, last)
    raw.themes = themes(ids, first, last)
    return raw


def teams_with_fft(service_line=None):
    """Teams that ask the FFT (in a service line, if chosen), by name."""
    teams = Team.objects.filter(surveys__kind="fft")
    if service_line is not None:
        teams = teams.filter(service_line=service_line)
    return teams.distinct().order_by("name")
