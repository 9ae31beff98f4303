"""Counts across the trust for managers, computed in SQL, suppressed before display
(secondary suppression too: core/secondary_suppression.py)."""

from django.db import connection
from django.db.models import Count as SqlCount
from django.utils import timezone

from recoveryhub.core.secondary_suppression import WITHHELD_NOTE, Total, protect
from recoveryhub.core.suppression import Count

from . import caseload_counts
from .models import CaseloadAssignment, Locality, Team


def caseload_sizes(on=None) -> dict:
    on = on or timezone.localdate()
    version, counts = caseload_counts.kept(on)
    if counts is None:
        counts = _people_by_team_and_locality(on)
        if version is not None:
            caseload_counts.keep(on, version, *counts)
    by_team, by_locality = counts
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


# PostgreSQL counts both groupings in one pass over the current assignments.
_BOTH = """
SELECT a.team_id, t.locality_id, COUNT(DISTINCT a.person_id)
FROM people_caseloadassignment a JOIN people_team t ON t.id = a.team_id
WHERE (a.ends_on IS NULL OR a.ends_on >= %s) AND a.starts_on <= %s
GROUP BY GROUPING SETS ((a.team_id), (t.locality_id))
"""


def _people_by_team_and_locality(on) -> tuple[dict, dict]:
    """The distinct people with a current assignment, by team and by locality: grouped over
    the current assignments alone (on their covering index); the few teams and localities
    are joined in Python."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_BOTH, [on, on])
            rows = cursor.fetchall()
        by_team = {team: n for team, _, n in rows if team is not None}
        return by_team, {place: n for team, place, n in rows if team is None}
    # SQLite has no GROUPING SETS: one query a grouping (the same counts).
    current = CaseloadAssignment.objects.current(on).order_by()
    people = SqlCount("person_id", distinct=True)
    by_team = dict(current.values_list("team_id").annotate(n=people))
    return by_team, dict(current.values_list("team__locality_id").annotate(n=people))


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
