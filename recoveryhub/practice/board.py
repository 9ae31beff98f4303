"""The board report's content as plain data (a snapshot): the key measures over 24 months
ending with the quarter, the rebasing decisions behind their charts, the action plan's
exceptions and the lead's narrative. A draft is built each time it is read, from the
measures' kept monthly values (kept_figures.py, counted every hour); a published report
keeps the snapshot it was published with, so what the Board read never changes
(services.publish)."""

from datetime import date

from django.utils import timezone

from recoveryhub.feedback.figures_sql import first_of, months_back

from . import frameworks, kept_figures, stages, timeliness
from .board_measures import BY_KEY, MEASURES
from .models import Action, ActionStatus, RebaseDecision

MONTHS = 24


def months_to(quarter_start: date, today: date) -> list[date]:
    """The months a report for the quarter shows: MONTHS ending with the quarter's last,
    none after this month."""
    last = quarter_start.replace(month=quarter_start.month + 2)
    return [m for m in months_back(last, MONTHS) if m <= first_of(today)]


def build_snapshot(report, today: date | None = None) -> dict:
    """Everything the report shows, JSON-ready: charts are drawn from this alone."""
    today = today or timezone.localdate()
    months = months_to(report.quarter_start, today)
    rebases = {}
    for decision in RebaseDecision.objects.order_by("from_month"):
        rebases.setdefault(decision.measure, []).append(
            {"month": decision.from_month.isoformat(), "reason": decision.reason}
        )
    measures = []
    counted = []
    kept = kept_figures.every_series(MEASURES, months)
    for measure in MEASURES:
        values, counted_at = kept[measure.key]
        counted.append(counted_at)
        measures.append(
            {
                "key": measure.key,
                "part": measure.part,
                "title": measure.title,
                "unit": measure.unit,
                "better": measure.better,
                "target": measure.target,
                "describe": measure.describe,
                "values": values,
                "rebases": rebases.get(measure.key, []),
            }
        )
    return {
        "quarter_start": report.quarter_start.isoformat(),
        "built_on": today.isoformat(),
        "counted_at": min(counted).isoformat() if months else None,
        "months": [m.isoformat() for m in months],
        "measures": measures,
        "exceptions": _exceptions(today),
        "stages": _stages(),
        "summary": report.summary,
        "claims": [
            {"measure": c.measure, "title": BY_KEY[c.measure].title, "text": c.text}
            for c in report.claims.all()
            if c.measure in BY_KEY
        ],
    }


def _exceptions(today: date) -> list[dict]:
    open_actions = (
        Action.objects.exclude(status__in=[ActionStatus.DONE, ActionStatus.STOPPED])
        .select_related("objective", "lead")
        .order_by("due_on", "pk")
    )
    return [
        {
            "action": action.pk,
            "title": action.title,
            "objective": action.objective.title,
            "lead": action.lead.display_name,
            "due_on": action.due_on.isoformat(),
            "status": action.get_status_display(),
            "timeliness": timeliness.timeliness(
                action.status, action.starts_on, action.due_on, today
            ),
        }
        for action in timeliness.exceptions(open_actions, today)
    ]


def _stages() -> list[dict]:
    """How stages are spread across teams, for each framework any team has agreed."""
    made = []
    for framework in frameworks.latest():
        spread = stages.spread(framework)
        if any(item.teams for item in spread):
            made.append(
                {
                    "framework": framework.title,
                    "stages": [s.name for s in framework.stages],
                    "items": [
                        {"title": item.title, "teams_at": [n for _, n in item.teams_at]}
                        for item in spread
                    ],
                }
            )
    return made
