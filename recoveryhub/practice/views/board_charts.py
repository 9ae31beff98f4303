"""One board measure's full chart as it stands now, with its rebasing history, and the
form to record a decision to restart its baseline. SPC limits are never rebased
automatically (Making Data Count; NHSRplotthedots #142): only a manager's recorded
decision, with its reason, restarts them ("practice.rebase")."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import board, board_render, kept_figures, services
from .. import presenters_board as present
from ..board_measures import BY_KEY, Measure
from ..forms_board import RebaseForm
from ..models import RebaseDecision
from .board import GET_POST, allowed, errors_onto, private


def live_months(today: date) -> list[date]:
    """The months a report for this quarter would show, up to this month."""
    return board.months_to(services.quarter_start(today), today)


def _measure(key: str) -> Measure:
    if key not in BY_KEY:
        raise Http404
    return BY_KEY[key]


def live_view(measure: Measure, months: list[date], decisions, values) -> board_render.MeasureView:
    """The measure as last counted, in the shape of a snapshot's entry (board.build_snapshot)."""
    entry = {
        "key": measure.key, "part": measure.part, "title": measure.title,
        "unit": measure.unit, "better": measure.better, "target": measure.target,
        "describe": measure.describe, "values": values,
        "rebases": [{"month": d.from_month.isoformat(), "reason": d.reason} for d in decisions],
    }  # fmt: skip
    return board_render.measure_view(entry, months)


@require_safe
@private
def measure(request, key: str):
    allowed(request)
    found = _measure(key)
    decisions = list(RebaseDecision.objects.filter(measure=key).select_related("decided_by"))
    months = live_months(timezone.localdate())
    values, counted_at = kept_figures.series(found, months)
    return render(
        request,
        "practice/board/measure.jinja",
        {
            "measure": live_view(found, months, decisions, values),
            "counted": present.counted_words(counted_at),
            "decisions": present.decision_rows(decisions),
            "may_rebase": permissions.can(request.user, "practice.rebase"),
            "present": present,
        },
    )


@require_http_methods(GET_POST)
@private
def rebase(request, key: str):
    allowed(request, "practice.rebase")
    found = _measure(key)
    months = live_months(timezone.localdate())
    form = RebaseForm(request.POST if request.method == "POST" else None, months=months)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rebase(
                key, form.chosen(), form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The decision is recorded: the baseline restarts")
            return redirect("practice:measure", key=key)
    return render(request, "practice/board/rebase.jinja", {"form": form, "measure": found})
