"""The team's evidence before the visit (rule "round.evidence": the team's staff, the
round's two auditors and managers; anyone else gets 'not found'). Aggregates only, for
the 12 months ending with the month of the visit (evidence.py)."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE
from recoveryhub.core.suppression import WITHHELD

from .. import evidence
from ..models import AuditRound

private = cache_control(private=True, no_store=True)


@require_safe
@private
def evidence_page(request, pk: int):
    rounds = AuditRound.objects.select_related("team")
    round = permissions.get_or_404(request.user, "round.evidence", rounds, pk=pk)
    sections = evidence.for_team(round.team, round.visit_on)
    period = evidence.period_to(round.visit_on)
    withheld = any(
        WITHHELD in cell for s in sections for t in s.tables for row in t.rows for cell in row
    )
    context = {
        "round": round,
        "sections": sections,
        "period": period.label,
        "visit_on": f"{round.visit_on:%-d %B %Y}",
        "withheld_note": WITHHELD_NOTE if withheld else "",
    }
    return render(request, "practice/evidence.jinja", context)
