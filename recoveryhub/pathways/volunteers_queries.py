"""Which placements a user looks after, and the counts their list shows, in SQL.

The pathways team looks after the trust's own roles; a partner's contacts their
organisation's roles; anyone named as a role's supervisor that role's volunteers. The
counts are subqueries, so the list takes the same few queries however long it is.
"""

from datetime import date, timedelta

from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from recoveryhub.core import permissions

from .models import CheckState, HoursLog, HoursStatus, OnboardingItem, Opportunity, Placement

ENDED_SHOWN_DAYS = 365  # ended placements stay on the list for a year


def looks_after(user) -> Q | None:
    """Placements the user looks after, as a filter; None if they look after no role."""
    partners = permissions.partner_ids(user)
    # A partner's supervisor only while they still sign in for it (as placement.view).
    supervised = Q(opportunity__partner__isnull=True) | Q(opportunity__partner_id__in=partners)
    scope = Q(opportunity__supervisor=user) & supervised
    may = Opportunity.objects.filter(
        Q(partner__isnull=True) | Q(partner_id__in=partners), supervisor=user
    ).exists()
    if permissions.can(user, "pathways.manage"):
        scope |= Q(opportunity__partner__isnull=True)
        may = True
    if partners.exists():
        scope |= Q(opportunity__partner_id__in=partners)
        may = True
    return scope if may else None


def _count(model, **where) -> Coalesce:
    counted = (
        model.objects.filter(placement=OuterRef("pk"), **where)
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _soonest_expiry():
    soonest = (
        OnboardingItem.objects.filter(
            placement=OuterRef("pk"), state=CheckState.DONE, expires_on__isnull=False
        )
        .order_by()
        .values("placement")
        .annotate(first=Min("expires_on"))
        .values("first")
    )
    return Subquery(soonest)


def placements_for(user, today: date):
    """The placements on the user's list, with the counts each row shows."""
    scope = looks_after(user)
    if scope is None:
        return None
    recent = Q(status__in=["onboarding", "active"]) | Q(
        ended_on__gte=today - timedelta(days=ENDED_SHOWN_DAYS)
    )
    return (
        Placement.objects.filter(scope)
        .filter(recent)
        .select_related("person", "opportunity__partner")
        .annotate(
            steps=_count(OnboardingItem),
            steps_done=_count(OnboardingItem, state__in=[CheckState.DONE, CheckState.WAIVED]),
            soonest_expiry=_soonest_expiry(),
            hours_waiting=_count(HoursLog, status=HoursStatus.WAITING),
        )
        .order_by("opportunity__title", "person__full_name", "pk")
    )
