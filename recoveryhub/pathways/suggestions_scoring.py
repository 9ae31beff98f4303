"""matching.py's score, said in SQL, so the database can hand back only the best few.

Ranking every open role (or every person who agreed to be suggested) in Python meant
loading thousands of rows for one page. Instead the database orders the candidates by the
same score matching.Fit.score gives, criterion by criterion with matching.POINTS:

- kind wanted: the role's kind is one they want, or they named none;
- access: they need no step-free access, or it is step-free, or it can be done from home;
- reach: it can be done from home, or where they live is within their travel distance of
  it (vocabulary.miles_between over the CENTRES gives, for each locality, its miles from
  the role's; a person is within reach when their travel distance is at least that);
- home: they did not ask to work from home, or it can be done from home;
- skills: how many of the skills it asks for they bring (by name, as matching counts);
- times: how many of its time slots they are free at;
- miles: 100 less the miles (0 from home; an unknown place counts as UNKNOWN_MILES).

The kinds and reach criteria are the narrowing the page needs (roles of a kind they want,
within reach, come first by hundreds of points), and anything else only comes after, so
"fewer than 20 pass, widen to the rest" happens by itself. The database returns the top
`limit` by (score, id), the tie-break matching uses, and only those are ranked in Python
for their explanations. The callers check each Python score against the SQL one and rank
everything if they ever differ, so a change to matching.py cannot silently change what is
shown (tests/test_suggestions_scoring.py checks they agree on generated worlds).

JSON lists (times, kinds_wanted) are matched on their text: '"weekends"' within
'["weekends", "weekday_mornings"]'. SQLite stores Django's JSON as that text and
PostgreSQL's jsonb cast to text reads the same, so one LIKE works on both; the values are
fixed slugs, so a quoted slug cannot appear any other way.
"""

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Contains, Exact

from . import matching
from .models import Opportunity, PathwayProfile
from .vocabulary import CENTRES, TIME_LABELS, miles_between

POINTS = matching.POINTS
SCORE = "match_score"


def _points(condition: Q | bool, points: int):
    """`points` where the condition holds (a Q, or a Python truth known for all rows)."""
    if condition is True:
        return Value(points)
    if condition is False:
        return Value(0)
    return Case(When(condition, then=Value(points)), default=Value(0))


def _has(field: str, value: str):
    """The JSON list in `field` holds `value` (see the module docstring)."""
    return Contains(Cast(field, output_field=TextField()), f'"{value}"')


def _near(locality_field: str, remote_field: str | None, remote: bool, centre: str | None):
    """100 less the miles from `centre` to the locality in `locality_field`."""
    if remote:
        return Value(matching.UNKNOWN_MILES)
    whens = [
        When(
            **{locality_field: slug},
            then=Value(matching.UNKNOWN_MILES - min(miles, matching.UNKNOWN_MILES)),
        )
        for slug in CENTRES
        if (miles := miles_between(centre, slug)) is not None
    ]
    if remote_field:
        whens.insert(0, When(**{remote_field: True}, then=Value(matching.UNKNOWN_MILES)))
    return Case(*whens, default=Value(0)) if whens else Value(0)


def _skills_matched(through, owner: str, names):
    """How many of `names` the row's skills include (by name, as matching counts), as a
    subquery so the candidates need no GROUP BY."""
    if not names:
        return Value(0)
    matched = (
        through.objects.filter(**{owner: OuterRef("pk")}, skill__name__in=names)
        .order_by()
        .values(owner)
        .annotate(n=Count("skill__name", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(matched, output_field=IntegerField()), Value(0))


def _total(parts):
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def opportunity_score(wants: matching.Wants):
    """matching's score of each Opportunity row for this person, as one SQL expression."""
    near = [
        place
        for place in CENTRES
        if (miles := miles_between(wants.locality, place)) is not None
        and miles <= wants.travel_miles
    ]
    reach = Q(can_be_remote=True) | Q(locality__slug__in=near)
    skills = _skills_matched(Opportunity.skills.through, "opportunity_id", wants.skills)
    parts = [
        _points(Q(kind__in=wants.kinds) if wants.kinds else True, POINTS["kind"]),
        _points(
            Q(step_free=True) | Q(can_be_remote=True) if wants.needs_step_free else True,
            POINTS["access"],
        ),  # fmt: skip
        _points(reach, POINTS["reach"]),
        _points(Q(can_be_remote=True) if wants.prefers_remote else True, POINTS["home"]),
        skills * Value(POINTS["skill"]),
        *(_points(_has("times", t), POINTS["time"]) for t in TIME_LABELS if t in wants.times),
        _near("locality__slug", "can_be_remote", False, wants.locality),
    ]
    return Cast(_total(parts), output_field=IntegerField())


def person_score(offer: matching.Offer):
    """matching's score of each PathwayProfile row for this role, as one SQL expression."""
    slug = "person__locality__slug"
    if offer.can_be_remote:
        reach = True  # 0 miles: within anyone's travel distance
    else:
        reach = Q()
        for place in CENTRES:
            miles = miles_between(place, offer.locality)
            if miles is not None:
                reach |= Q(**{slug: place, "travel_miles__gte": miles})
        reach = reach or False  # an unknown place is within no one's reach
    kind = Q(Exact(Cast("kinds_wanted", output_field=TextField()), "[]")) | Q(
        _has("kinds_wanted", offer.kind)
    )
    skills = _skills_matched(PathwayProfile.skills.through, "pathwayprofile_id", offer.skills)
    parts = [
        _points(kind, POINTS["kind"]),
        _points(
            True if offer.step_free or offer.can_be_remote else Q(needs_step_free=False),
            POINTS["access"],
        ),  # fmt: skip
        _points(reach, POINTS["reach"]),
        _points(True if offer.can_be_remote else Q(prefers_remote=False), POINTS["home"]),
        skills * Value(POINTS["skill"]),
        *(_points(_has("times", t), POINTS["time"]) for t in TIME_LABELS if t in offer.times),
        _near(slug, None, offer.can_be_remote, offer.locality),
    ]
    return Cast(_total(parts), output_field=IntegerField())


def best(queryset, score, limit: int, tie: str = "pk"):
    """The top `limit` rows by score then `tie` (the id matching breaks ties by: the
    opportunity's, or the person's), with the score annotated."""
    return queryset.annotate(**{SCORE: score}).order_by(F(SCORE).desc(), tie)[:limit]
