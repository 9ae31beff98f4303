"""How stages are spread across teams: for each item of a framework, how many teams'
latest agreed rating is at each stage. Counts of teams, never which team: no page ranks
teams (a team sees its own trajectory on its own page). One query."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from . import frameworks
from .models import AuditRound, RatedBy, Rating


@dataclass(frozen=True)
class ItemSpread:
    key: str
    title: str
    teams_at: tuple[tuple[str, int], ...]  # (stage name, teams), in stage order
    teams: int


def latest_agreed_rounds(framework: frameworks.Framework):
    """Each team's latest round of this framework version with an agreed rating."""
    agreed = AuditRound.objects.filter(
        framework=framework.key, framework_version=framework.version, agreed_at__isnull=False
    )
    latest = agreed.filter(team=OuterRef("team")).order_by("-visit_on", "-pk").values("pk")[:1]
    return agreed.filter(pk=Subquery(latest))


def spread(framework: frameworks.Framework) -> list[ItemSpread]:
    rows = (
        Rating.objects.filter(by=RatedBy.AGREED, round__in=latest_agreed_rounds(framework))
        .values("item", "stage")
        .annotate(teams=Count("round__team", distinct=True))
        .order_by()
    )
    found = {(row["item"], row["stage"]): row["teams"] for row in rows}
    made = []
    for item in framework.items:
        at = tuple((s.name, found.get((item.key, s.number), 0)) for s in framework.stages)
        made.append(ItemSpread(item.key, item.title, at, sum(n for _, n in at)))
    return made
