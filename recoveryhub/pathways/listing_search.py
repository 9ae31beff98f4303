"""What the public listing reads: open opportunities, filtered, in a fixed number of queries.

Listed means open, not past its closing date, and offered by the trust or by a partner
still active. Partners' contacts are never read here (CiviVolunteer #544 leaked every
organisation's email from its public page): only the partner's name is shown.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from recoveryhub.people.models import Locality

from .models import Opportunity, OpportunityStatus, Skill

# A keyword search reads this many words at most (the rest are ignored, not refused).
MAX_WORDS = 8


def listed(today: date | None = None) -> QuerySet[Opportunity]:
    """Opportunities anyone may read and show interest in today."""
    today = today or timezone.localdate()
    return Opportunity.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today),
        Q(partner__isnull=True) | Q(partner__is_active=True),
        status=OpportunityStatus.OPEN,
    )


def is_listed(opportunity: Opportunity, today: date | None = None) -> bool:
    return listed(today).filter(pk=opportunity.pk).exists()


def locality_choices() -> list[tuple[str, str]]:
    return list(Locality.objects.values_list("slug", "name"))


def _has_time(slot: str) -> Q:
    # The slots are a JSON list of strings; as text each one appears in double quotes,
    # the same on SQLite and PostgreSQL (JSON "contains" is not available on SQLite).
    return Q(times_text__contains=f'"{slot}"')


def _keyword(words: list[str]) -> Q:
    """Every word somewhere in the title, the description, who it suits, the owner's
    name or a skill's name."""
    q = Q()
    for word in words[:MAX_WORDS]:
        skill = Skill.objects.filter(opportunities=OuterRef("pk"), name__icontains=word)
        q &= (
            Q(title__icontains=word)
            | Q(what_it_involves__icontains=word)
            | Q(who_it_suits__icontains=word)
            | Q(partner__name__icontains=word)
            | Exists(skill)
        )
    return q


def search(filters: dict, today: date | None = None) -> QuerySet[Opportunity]:
    """Listed opportunities matching every filter chosen (any of the values within one)."""
    found = listed(today)
    if filters.get("kind"):
        found = found.filter(kind__in=filters["kind"])
    if filters.get("locality"):
        found = found.filter(locality__slug__in=filters["locality"])
    if filters.get("time"):
        found = found.annotate(times_text=Cast("times", TextField()))
        either = Q()
        for slot in filters["time"]:
            either |= _has_time(slot)
        found = found.filter(either)
    access = filters.get("access") or []
    if "remote" in access:
        found = found.filter(can_be_remote=True)
    if "step_free" in access:
        found = found.filter(step_free=True)
    words = (filters.get("q") or "").split()
    if words:
        found = found.filter(_keyword(words))
    return for_display(found).order_by("-created_at", "-id")


def for_display(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """What a card shows, in one query for the page and one for every skill on it."""
    return opportunities.select_related("partner", "locality").prefetch_related("skills")
