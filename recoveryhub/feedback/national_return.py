"""The monthly Friends and Family Test submission in the national format for community and
mental health services: one row per team, each answer and each mode counted.

It is a submission, so counts are NOT suppressed: the national collection expects the
real numbers and suppresses small ones itself before publishing. Only people allowed to
run management commands on the trust's machine can make it.

Signed-in answers are counted as "online or link", as the national guidance counts any
answer given on the web.
"""

import csv
import io
import re
from datetime import date

from django.conf import settings
from django.db.models import Q

from recoveryhub.core.spreadsheets import safe_cell
from recoveryhub.people.models import Team

from . import fft, figures_sql
from .figures_sql import month_end
from .models import Channel

HEAD = (
    "Period", "Organisation code", "Organisation name", "Team", "Service",
    "Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know",
    "Total responses",
    "Mode: tablet or kiosk", "Mode: online or link", "Mode: paper", "Mode: other",
)  # fmt: skip
MODES = {
    "kiosk": (Channel.KIOSK,),
    "online": (Channel.LINK, Channel.SIGNED_IN),
    "paper": (Channel.PAPER,),
}
MONTH = re.compile(r"(\d{4})-(\d{2})")


class BadMonthError(ValueError):
    pass


def parse_month(text: str) -> date:
    """'2026-03' -> 1 March 2026; anything else is refused with the reason."""
    found = MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if not found:
        raise BadMonthError("Give the month as YYYY-MM, for example 2026-03")
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        raise BadMonthError("The month must be from 01 to 12")
    if year < 2000:
        raise BadMonthError("The year must be 2000 or later")
    return date(year, month, 1)


def organisation() -> tuple[str, str]:
    return (
        settings.TRUST_ODS_CODE,
        settings.TRUST_NAME,
    )


def rows(month: date) -> list[tuple]:
    """One row per team that asks the FFT (zeros where none answered), by team name: read
    from the month's tallies (the figures' own counts), two queries however many teams."""
    found = {
        team: counts
        for (team, _), counts in figures_sql.fft_counts(
            Team.objects.values("pk"), month, month_end(month)
        ).items()
    }
    teams = Team.objects.filter(Q(surveys__kind="fft") | Q(pk__in=list(found))).distinct()
    code, name = organisation()
    made = []
    for pk, team, service in teams.order_by("name", "pk").values_list(
        "pk", "name", "service_line__name"
    ):
        row = found.get(pk) or {}
        modes = {
            mode: sum(row.get(f"by_{channel}", 0) for channel in channels)
            for mode, channels in MODES.items()
        }
        total = row.get("total", 0)
        made.append(
            (
                f"{month:%Y-%m}", code, name, team, service,
                *(row.get(c, 0) for c in fft.CODES), total,
                modes["kiosk"], modes["online"], modes["paper"], total - sum(modes.values()),
            )
        )  # fmt: skip
    return made


def as_csv(month: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEAD)
    for row in rows(month):
        writer.writerow([safe_cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()
