"""Suggestions for one person: open opportunities ranked by matching.py, with why.

Turns database rows into matching's plain values and back. The database orders the open
roles by matching's score (suggestions_scoring.py) and hands back only the best `limit`;
matching ranks and explains those. The same few queries however many are open.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import matching, suggestions_scoring
from .models import (
    LIVE_INTEREST,
    Interest,
    Opportunity,
    OpportunityStatus,
    PathwayProfile,
)

TOP = 20


@dataclass(frozen=True)
class Suggestion:
    opportunity: Opportunity
    fit: matching.Fit


def wants_of(profile: PathwayProfile) -> matching.Wants:
    """What the person brings and wants, as matching reads it (skills by name)."""
    locality = profile.person.locality
    return matching.Wants(
        id=profile.person_id,
        skills=frozenset(skill.name for skill in profile.skills.all()),
        kinds=frozenset(profile.kinds_wanted or ()),
        times=frozenset(profile.times or ()),
        locality=locality.slug if locality else None,
        travel_miles=profile.travel_miles,
        needs_step_free=profile.needs_step_free,
        prefers_remote=profile.prefers_remote,
    )


def offer_of(opportunity: Opportunity) -> matching.Offer:
    """Needs the opportunity's locality selected and its skills prefetched."""
    return matching.Offer(
        id=opportunity.pk,
        kind=opportunity.kind,
        skills=frozenset(skill.name for skill in opportunity.skills.all()),
        times=frozenset(opportunity.times or ()),
        locality=opportunity.locality.slug if opportunity.locality_id else None,
        can_be_remote=opportunity.can_be_remote,
        step_free=opportunity.step_free,
    )


def open_opportunities(today=None):
    """Listed and not past their closing day (as services.why_not_open has it)."""
    today = today or timezone.localdate()
    return Opportunity.objects.filter(status=OpportunityStatus.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def suggestions_for(profile: PathwayProfile, limit: int = TOP) -> list[Suggestion]:
    """The best `limit` open opportunities for them, leaving out those they have already
    shown interest in (waiting or approved): those are on their pathway."""
    shown = Interest.objects.filter(
        LIVE_INTEREST, person_id=profile.person_id, opportunity=OuterRef("pk")
    )
    rows = (
        open_opportunities()
        .exclude(Exists(shown))
        .select_related("partner", "locality")
        .prefetch_related("skills")
    )
    wants = wants_of(profile)
    score = suggestions_scoring.opportunity_score(wants)
    best = list(suggestions_scoring.best(rows, score, limit))
    ranked = matching.rank_opportunities(wants, map(offer_of, best))
    by_id = {opportunity.pk: opportunity for opportunity in best}
    if any(fit.score != getattr(by_id[fit.offer.id], suggestions_scoring.SCORE) for fit in ranked):
        # The SQL score no longer agrees with matching.py: rank them all, as matching says.
        by_id = {opportunity.pk: opportunity for opportunity in rows}
        ranked = matching.rank_opportunities(wants, map(offer_of, by_id.values()))
    return [Suggestion(by_id[fit.offer.id], fit) for fit in ranked[:limit]]
