"""Counts across the trust for managers, computed in SQL, suppressed before display
(secondary suppression too: core/secondary_suppression.py)."""

from django.db.models import Count as SqlCount
from django.utils import timezone

from recoveryhub.core.secondary_suppression import WITHHELD_NOTE, Total, protect
from recoveryhub.core.suppression import Count

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
    teams = list(
        Team.objects.select_related("service_line", "locality").order_by("locality__name", "name")
    )
    localities = list(Locality.objects.order_by("name"))
    hidden = _protected(teams, localities, by_team, by_locality)
    return {
        "on": on,
        "teams": [
            (team, Count(by_team.get(team.pk, 0), ("team", team.pk) in hidden)) for team in teams
        ],
        "localities": [
            (place, Count(by_locality.get(place.pk, 0), ("place", place.pk) in hidden))
            for place in localities
        ],
        "withheld_note": WITHHELD_NOTE,
    }


def _protected(teams, localities, by_team: dict, by_locality: dict) -> frozenset:
    """Cells hidden by secondary suppression: a locality less all but one of its teams
    would give that team. Someone on two of a locality's teams counts once in it, so a
    locality is at most the sum of its teams: near enough to give a small team away, and
    hiding as if it were the sum is safe."""
    values = {("team", t.pk): by_team.get(t.pk, 0) for t in teams}
    values |= {("place", p.pk): by_locality.get(p.pk, 0) for p in localities}
    totals = [
        Total(("place", p.pk), tuple(("team", t.pk) for t in teams if t.locality_id == p.pk))
        for p in localities
    ]
    return protect(values, totals).secondary
