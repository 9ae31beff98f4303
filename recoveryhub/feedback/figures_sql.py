"""The SQL of feedback's figures: each a single aggregate query (annotate with TruncMonth),
whose number never grows with teams, months or responses.

% positive and % negative are worked out later over ALL the FFT answers of a month,
"don't know" included, as NHS England does for the national figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from recoveryhub.people.models import Team

from . import fft
from .models import Channel, CommentTheme, MonthlyContacts, Response

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
    counts = {code: Count("pk", filter=Q(fft_rating=code)) for code in fft.CODES}
    counts |= {
        f"by_{channel}": Count("pk", filter=Q(channel=channel)) for channel in Channel.values
    }
    rows = (
        Response.objects.filter(team__in=teams, answered_on__gte=first, answered_on__lte=last)
        .exclude(fft_rating="")
        .annotate(month=TruncMonth("answered_on"))
        .values("team_id", "month")
        .annotate(total=Count("pk"), **counts)
        .order_by()
    )
    return {(row.pop("team_id"), _day(row.pop("month"))): row for row in rows}


def contacts(teams, first: date, last: date) -> dict:
    rows = MonthlyContacts.objects.filter(team__in=teams, month__gte=first, month__lte=last)
    return {(t, _day(m)): n for t, m, n in rows.values_list("team_id", "month", "contacts")}


def themes(teams, first: date, last: date) -> dict:
    """(theme code, month) -> comments with that theme now (reviewed, else suggested)."""
    rows = (
        CommentTheme.objects.filter(
            current=True,
            comment__team__in=teams,
            comment__answered_on__gte=first,
            comment__answered_on__lte=last,
        )
        .annotate(month=TruncMonth("comment__answered_on"))
        .values("code", "month")
        .annotate(n=Count("comment_id", distinct=True))
        .order_by()
    )
    return {(row["code"], _day(row["month"])): row["n"] for row in rows}


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


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
