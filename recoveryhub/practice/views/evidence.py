"""The team's evidence before the visit (rule "round.evidence": the team's staff, the
round's two auditors and managers; anyone else gets 'not found'). Aggregates only, for
the 12 months ending with the month of the visit (evidence.py), as kept with the round
(evidence_kept.py)."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.secondary_suppression import WITHHELD_NOTE
from recoveryhub.core.suppression import WITHHELD

from .. import evidence, evidence_kept
from .. import presenters_board as present
from ..models import AuditRound

private = cache_control(private=True, no_store=True)


@require_safe
@private
def evidence_page(request, pk: int):
    rounds = AuditRound.objects.select_related("team")
    round = permissions.get_or_404(request.user, "round.evidence", rounds, pk=pk)
    sections, counted_at = evidence_kept.sections(round)
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
        "counted": present.counted_words(counted_at),
        "kept": round.agreed_at is not None,
    }
    return render(request, "practice/evidence.jinja", context)
