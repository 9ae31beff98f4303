"""Counts across the trust for managers, computed in SQL, suppressed before display."""

from django.db.models import Count as SqlCount
from django.utils import timezone

from recoveryhub.core.suppression import count

from .models import CaseloadAssignment, Locality, Team


def caseload_sizes(on=None) -> dict:
    on = on or timezone.localdate()
    # Grouped over the current assignments alone (on their covering index), then joined to
    # the few teams and localities in Python: the same distinct people as a LEFT JOIN from
    # every team, without grouping by every column of the team, service line and locality.
    current = CaseloadAssignment.objects.current(on).order_by()
    by_team = dict(current.values_list("team_id").annotate(n=SqlCount("person_id", distinct=True)))
    by_locality = dict(
        current.values_list("team__locality_id").annotate(n=SqlCount("person_id", distinct=True))
    )
    teams = Team.objects.select_related("service_line", "locality").order_by(
        "locality__name", "name"
    )
    return {
        "on": on,
        "teams": [(team, count(by_team.get(team.pk, 0))) for team in teams],
        "localities": [
            (locality, count(by_locality.get(locality.pk, 0)))
            for locality in Locality.objects.order_by("name")
        ],
    }
