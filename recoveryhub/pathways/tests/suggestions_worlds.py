"""Generated worlds of roles and people, and the ranking of everything to compare with.

The suggestions pages ask the database for the best few (suggestions_scoring.py); these
helpers rank every candidate in Python, as the pages did before, so a property test can
check both give the same top N.
"""

from hypothesis import strategies as st

from recoveryhub.pathways import decisions_ranking, matching, suggestions
from recoveryhub.pathways.models import (
    LIVE_INTEREST,
    Interest,
    InterestStatus,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PathwayProfile,
    Skill,
    Travel,
)
from recoveryhub.pathways.vocabulary import CENTRES, TIME_LABELS
from recoveryhub.people.models import Locality, Person

SKILLS = ["Driving", "Gardening", "Listening", "Cooking"]
# The six places with a centre, one with none (no distance), and no place at all.
PLACES = [*CENTRES, "elsewhere", None]
KINDS = [k.value for k in OpportunityKind]  # "job" is inside "lived_job": must not match
TIMES = [*TIME_LABELS, "not_a_slot"]  # an unknown slot never counts


def some(values, most=None):
    return st.lists(st.sampled_from(values), unique=True, max_size=most or len(values))


roles = st.lists(
    st.fixed_dictionaries({
        "kind": st.sampled_from(KINDS), "skills": some(SKILLS), "times": some(TIMES),
        "locality": st.sampled_from(PLACES), "can_be_remote": st.booleans(),
        "step_free": st.booleans(),
    }),
    min_size=1, max_size=9,
)  # fmt: skip
people = st.lists(
    st.fixed_dictionaries({
        "skills": some(SKILLS), "kinds_wanted": some(KINDS, 3), "times": some(TIMES),
        "locality": st.sampled_from(PLACES),
        "travel_miles": st.sampled_from([*Travel.values, 0, 7]),
        "needs_step_free": st.booleans(), "prefers_remote": st.booleans(),
        "open_to_suggestions": st.booleans(),
    }),
    min_size=1, max_size=9,
)  # fmt: skip


def _place(slug):
    if slug is None:
        return None
    return Locality.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def _skills(names):
    return [Skill.objects.get_or_create(name=name)[0] for name in names]


def make_roles(specs) -> list[Opportunity]:
    made = []
    for i, spec in enumerate(specs):
        role = Opportunity.objects.create(
            title=f"Role {i}", what_it_involves="Helping.", when="Sometimes",
            status=OpportunityStatus.OPEN,
            **{k: v for k, v in spec.items() if k not in ("skills", "locality")},
            locality=_place(spec["locality"]),
        )  # fmt: skip
        role.skills.set(_skills(spec["skills"]))
        made.append(role)
    return made


def make_people(specs) -> list[PathwayProfile]:
    made = []
    for i, spec in enumerate(specs):
        person = Person.objects.create(full_name=f"Person {i}", locality=_place(spec["locality"]))
        profile = PathwayProfile.objects.create(
            person=person, **{k: v for k, v in spec.items() if k not in ("skills", "locality")}
        )
        profile.skills.set(_skills(spec["skills"]))
        made.append(profile)
    return made


def all_roles_ranked(profile: PathwayProfile) -> list[matching.Fit]:
    """Every open role they have not shown interest in, ranked by matching."""
    shown = Interest.objects.filter(LIVE_INTEREST, person_id=profile.person_id)
    rows = (
        suggestions.open_opportunities()
        .exclude(pk__in=shown.values("opportunity_id"))
        .select_related("locality")
        .prefetch_related("skills")
    )
    return matching.rank_opportunities(
        suggestions.wants_of(profile), map(suggestions.offer_of, rows)
    )


def all_people_ranked(role: Opportunity) -> list[matching.Fit]:
    """Everyone who agreed to be suggested and has not shown interest, ranked by matching."""
    already = Interest.objects.filter(opportunity=role).exclude(status=InterestStatus.WITHDRAWN)
    rows = list(
        PathwayProfile.objects.filter(open_to_suggestions=True)
        .exclude(person_id__in=already.values("person_id"))
        .values(*decisions_ranking.PROFILE_FIELDS, "person__locality__slug")
    )
    return decisions_ranking._rank(decisions_ranking.offer_of(role), rows)
