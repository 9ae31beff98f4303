"""Feedback's figures kept as they happen: a row a team and month of FFT answers, and of
comments by theme, so the figures read hundreds of rows rather than every response (at
trust scale, counting 200,000 responses a page took 200 times the sign-in page).

Counted in the same transaction as what they count: a response stored (count_response),
themes suggested (count_themes) and a review that changes them (move_themes). After a
bulk load, rebuild() counts everything afresh; from_scratch() is the same count, which the
tests compare with what was kept.
"""

from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from . import fft
from .figures_sql import first_of
from .models import Channel, CommentTheme, MonthlyTally, Response, ThemeTally


def _add(model, key: dict, amounts: dict) -> None:
    """Add to the row for `key`, making it if there is none (two writers at once: the
    second's insert fails on the unique key, and it adds to the first's row)."""
    change = {field: F(field) + n for field, n in amounts.items()}
    if model.objects.filter(**key).update(**change):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **amounts)
    except IntegrityError:
        model.objects.filter(**key).update(**change)


def count_response(response) -> None:
    if not response.fft_rating:
        return
    key = {"team_id": response.team_id, "month": first_of(response.answered_on)}
    amounts = {"total": 1, response.fft_rating: 1, f"by_{response.channel}": 1}
    _add(MonthlyTally, key, amounts)


def count_themes(comment_codes) -> None:
    """`comment_codes`: (comment, theme codes now current for it) pairs, newly so."""
    counts = Counter(
        (comment.team_id, first_of(comment.answered_on), code)
        for comment, codes in comment_codes
        for code in set(codes)
    )
    if not counts:
        return
    # Rows new to the tally are made together (one insert, as when a trust's first
    # comments are themed); rows that exist, or appear meanwhile, are added to one by one.
    existing = _theme_keys({month for _, month, _ in counts})
    made = {key for key in counts if key not in existing}
    try:
        with transaction.atomic():
            ThemeTally.objects.bulk_create(
                ThemeTally(team_id=t, month=m, code=c, comments=counts[t, m, c])
                for t, m, c in sorted(made)
            )
    except IntegrityError:  # another writer made one meanwhile: none of these was made
        made = set()
    for (team_id, month, code), n in counts.items():
        if (team_id, month, code) not in made:
            _add(ThemeTally, {"team_id": team_id, "month": month, "code": code}, {"comments": n})


def _theme_keys(months: set) -> set:
    rows = ThemeTally.objects.filter(month__in=months)
    return set(rows.values_list("team_id", "month", "code"))


def move_themes(comment, before, after) -> None:
    """A review changed a comment's current themes from `before` to `after`."""
    key = {"team_id": comment.team_id, "month": first_of(comment.answered_on)}
    for code in set(before) - set(after):
        _add(ThemeTally, key | {"code": code}, {"comments": -1})
    for code in set(after) - set(before):
        _add(ThemeTally, key | {"code": code}, {"comments": 1})


def from_scratch() -> tuple[dict, dict]:
    """({(team, month): {field: n}}, {(team, month, code): n}) counted from every row."""
    counts = {code: Count("pk", filter=Q(fft_rating=code)) for code in fft.CODES}
    counts |= {f"by_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values}
    answers = (
        Response.objects.exclude(fft_rating="")
        .annotate(month=TruncMonth("answered_on"))
        .values("team_id", "month")
        .annotate(total=Count("pk"), **counts)
        .order_by()
    )
    themes = (
        CommentTheme.objects.filter(current=True)
        .annotate(month=TruncMonth("comment__answered_on"))
        .values("comment__team_id", "month", "code")
        .annotate(n=Count("comment_id", distinct=True))
        .order_by()
    )
    return (
        {(row.pop("team_id"), _day(row.pop("month"))): row for row in answers},
        {(r["comment__team_id"], _day(r["month"]), r["code"]): r["n"] for r in themes},
    )


def kept() -> tuple[dict, dict]:
    """What is kept, in from_scratch()'s shape (rows with nothing in them left out)."""
    fields = ["total", *fft.CODES, *(f"by_{c}" for c in Channel.values)]
    answers = {
        (row.pop("team_id"), row.pop("month")): row
        for row in MonthlyTally.objects.filter(total__gt=0).values("team_id", "month", *fields)
    }
    themes = {
        (t, m, c): n
        for t, m, c, n in ThemeTally.objects.filter(comments__gt=0).values_list(
            "team_id", "month", "code", "comments"
        )
    }
    return answers, themes


@transaction.atomic
def rebuild() -> None:
    answers, themes = from_scratch()
    MonthlyTally.objects.all().delete()
    ThemeTally.objects.all().delete()
    MonthlyTally.objects.bulk_create(
        MonthlyTally(team_id=team, month=month, **counts)
        for (team, month), counts in answers.items()
    )
    ThemeTally.objects.bulk_create(
        ThemeTally(team_id=team, month=month, code=code, comments=n)
        for (team, month, code), n in themes.items()
    )


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
