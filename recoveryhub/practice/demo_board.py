"""The demo's board reports and a rebasing decision: last quarter's report published (its
snapshot built by board.build_snapshot as of two weeks after the quarter, frozen by
services.publish) and a draft for this quarter. The lead's narrative is worked out from
the charts' own numbers, so every claim is true of the chart it links to."""

from datetime import date, timedelta

from recoveryhub.accounts.roles import Role
from recoveryhub.core import spc
from recoveryhub.feedback.demo_bulk import moment
from recoveryhub.people.demo import TODAY

from . import board, services, timeliness
from .board_measures import BY_KEY, MEASURES
from .models import Action, AuditRound, BoardReport, RebaseDecision

REBASED = "college_enrolments"
REBASE_FROM = date(2025, 9, 1)
REBASE_WHY = (
    "The College moved to three terms a year from September 2025, with more courses each "
    "term: enrolments since follow a new pattern, so the baseline restarts there."
)
CLAIMS = 3


def write_rebase(users: dict) -> RebaseDecision | None:
    measure = REBASED if REBASED in BY_KEY else (MEASURES[0].key if MEASURES else None)
    if measure is None:
        return None
    made = services.record_rebase(measure, REBASE_FROM, REBASE_WHY, by=users[Role.MANAGER])
    RebaseDecision.objects.filter(pk=made.pk).update(decided_at=moment(date(2025, 10, 8), 15))
    return made


def write_reports(users: dict) -> tuple[BoardReport, BoardReport]:
    manager = users[Role.MANAGER]
    this_quarter = services.quarter_start(TODAY)
    last_quarter = services.quarter_start(this_quarter - timedelta(days=1))
    published_on = this_quarter + timedelta(days=14)
    published = services.start_report(last_quarter, by=manager)
    _narrate(published, published_on, CLAIMS, "This quarter")
    published = services.publish(
        published, board.build_snapshot(published, today=published_on), by=manager
    )
    BoardReport.objects.filter(pk=published.pk).update(published_at=moment(published_on, 16))
    draft = services.start_report(this_quarter, by=manager)
    _narrate(draft, TODAY, 1, "So far this quarter")
    return published, draft


def _narrate(report: BoardReport, on: date, claims: int, opening: str) -> None:
    """A summary from the plan and audits as they stood, and claims read off the charts."""
    first = board.build_snapshot(report, today=on)
    written = 0
    for measure in first["measures"]:
        text = claim(measure, first["months"], report.quarter_start)
        if text and written < claims:
            services.add_claim(report, measure["key"], text, BY_KEY)
            written += 1
    report.summary = summary(report.quarter_start, on, first["exceptions"], opening)
    report.save(update_fields=["summary"])


def claim(measure: dict, months: list[str], quarter: date) -> str | None:
    """What the chart shows for the quarter, in a sentence, or None without numbers."""
    points = [(m, v) for m, v in zip(months, measure["values"], strict=False) if v is not None]
    quarter_values = [v for m, v in points if date.fromisoformat(m) >= quarter]
    if not quarter_values:
        return None
    chart = spc.xmr(
        points, better=measure["better"], target=measure["target"],
        rebase_at=[r["month"] for r in measure["rebases"]],
    )  # fmt: skip
    average = sum(quarter_values) / len(quarter_values)
    unit = {"%": "%", "days": " days"}.get(measure["unit"], " a month")
    said = f"{measure['title']}: {average:,.0f}{unit} on average over the quarter"
    if not chart.enough:
        return f"{said}; too few months yet to tell special from common cause variation."
    return f"{said}; the latest month shows {chart.variation}."


def summary(quarter: date, on: date, exceptions: list[dict], opening: str) -> str:
    """The lead's summary: counts as they stood on the day it was written."""
    rounds = AuditRound.objects.filter(visit_on__gte=quarter, visit_on__lte=on)
    actions = Action.objects.filter(starts_on__lte=on)
    done = actions.filter(done_on__gte=quarter, done_on__lte=on).count()
    late = sum(1 for e in exceptions if e["timeliness"] == timeliness.LATE)
    at_risk = len(exceptions) - late
    teams = rounds.values("team").distinct().count()
    return (
        f"{opening} {teams} team{'s' * (teams != 1)} had a peer audit visit, each by a "
        "peer auditor "
        f"with lived experience and a worker from another team. {done} action{'s' * (done != 1)} "
        f"of the strategy's plan {'was' if done == 1 else 'were'} finished; {late} "
        f"{'is' if late == 1 else 'are'} late and {at_risk} at risk, listed "
        "below with their leads. The charts show each part of the strategy month by month: "
        "read the claims with the chart each links to."
    )
