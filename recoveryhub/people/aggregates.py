"""Counts across the trust for managers, computed in SQL, suppressed before display."""

from django.db.models import Count as SqlCount
from django.db.models import Q
from django.utils import timezone

from recoveryhub.core.suppression import count

from .models import Locality, Team


def caseload_sizes(on=None) -> dict:
    on = on or timezone.localdate()
    current = Q(caseload__starts_on__lte=on) & (
        Q(caseload__ends_on__isnull=True) | Q(caseload__ends_on__gte=on)
    )
    teams = (
        Team.objects.select_related("service_line", "locality")
        .annotate(supported=SqlCount("caseload__person", filter=current, distinct=True))
        .order_by("locality__name", "name")
    )
    localities = Locality.objects.annotate(
        supported=SqlCount(
            "teams__caseload__person",
            filter=Q(teams__caseload__starts_on__lte=on)
            & (Q(teams__caseload__ends_on__isnull=True) | Q(teams__caseload__ends_on__gte=on)),
            distinct=True,
        )
    ).order_by("name")
    return {
        "on": on,
        "teams": [(team, count(team.supported)) for team in teams],
        "localities": [(locality, count(locality.supported)) for locality in localities],
    }
