"""What the pathways team's and a partner's pages read: partners and roles with their
counts worked out in SQL subqueries, so a page takes the same few queries however many."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from recoveryhub.core import permissions

from .models import (
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    Partner,
    PartnerContact,
)


def _count(queryset, link: str):
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def partners_with_counts() -> QuerySet[Partner]:
    """Every partner with open_roles, contacts and sign_ins (contacts who may sign in)."""
    return Partner.objects.select_related("locality").annotate(
        open_roles=_count(Opportunity.objects.filter(status=OpportunityStatus.OPEN), "partner"),
        contact_count=_count(PartnerContact.objects.all(), "partner"),
        sign_ins=_count(
            PartnerContact.objects.filter(may_sign_in=True, user__isnull=False), "partner"
        ),
    )


def with_waiting(roles: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Each role with `waiting`: interest sent and not yet answered."""
    return roles.annotate(
        waiting=_count(Interest.objects.filter(status=InterestStatus.SENT), "opportunity")
    )


def status_counts() -> dict[str, int]:
    counts = dict(Opportunity.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in OpportunityStatus.values}


def trust_roles() -> QuerySet[Opportunity]:
    return with_waiting(Opportunity.objects.filter(partner__isnull=True)).order_by(
        "status", "title", "pk"
    )


def roles_with_status(status: str) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(status=status).select_related("partner").order_by("title", "pk")
    )


def partners_of(user) -> list[Partner]:
    """The organisations a partner user signs in for, each with its roles (and waiting)."""
    partners = list(Partner.objects.filter(pk__in=permissions.partner_ids(user)))
    roles = with_waiting(Opportunity.objects.filter(partner__in=partners)).order_by(
        "status", "title", "pk"
    )
    by_partner: dict[int, list] = {p.pk: [] for p in partners}
    for role in roles:
        by_partner[role.partner_id].append(role)
    for partner in partners:
        partner.roles = by_partner[partner.pk]
    return partners
