"""People for one opportunity, ranked by matching.py: those waiting for an answer, and (for
the pathways team only) people who agreed to be suggested. Reads the database in a fixed
number of queries however many people there are; the ranking itself is matching's. For
suggestions the database orders everyone who agreed by matching's score
(suggestions_scoring.py) and hands back only the best few for matching to rank and explain.

matching.Fit.reasons speak to the person ("the times you said you are free"); the owner
reads them about the person, so `explanation_for_owner` turns them round.
"""

from collections import defaultdict
from dataclasses import dataclass

from . import matching, suggestions_scoring
from .models import Interest, InterestStatus, Opportunity, PathwayProfile
from .suggestions import offer_of

SUGGESTIONS_SHOWN = 10

# matching's words to the person, and the same said about them to the role's owner.
_ABOUT_THEM = (
    ("the times you said you are free", "the times they said they are free"),
    ("further than you travel", "further than they travel"),
    ("in your area", "in their area"),
)


def explanation_for_owner(fit: matching.Fit) -> str:
    text = fit.explanation
    for to_person, about_them in _ABOUT_THEM:
        text = text.replace(to_person, about_them).replace(
            to_person.capitalize(), about_them.capitalize()
        )
    return text


def _skills_by_profile(profile_ids) -> dict[int, frozenset[str]]:
    """Each profile's skill names, in one query."""
    through = PathwayProfile.skills.through
    found = defaultdict(set)
    rows = through.objects.filter(pathwayprofile_id__in=profile_ids).values_list(
        "pathwayprofile_id", "skill__name"
    )
    for profile_id, name in rows:
        found[profile_id].add(name)
    return {pk: frozenset(names) for pk, names in found.items()}


def _wants(person_id, locality, profile: dict | None, skills) -> matching.Wants:
    """A person's wants from their profile's values; with no profile, only where they live."""
    if profile is None:
        return matching.Wants(id=person_id, locality=locality)
    return matching.Wants(
        id=person_id,
        skills=skills.get(profile["pk"], frozenset()),
        kinds=frozenset(profile["kinds_wanted"] or ()),
        times=frozenset(profile["times"] or ()),
        locality=locality,
        travel_miles=profile["travel_miles"],
        needs_step_free=profile["needs_step_free"],
        prefers_remote=profile["prefers_remote"],
    )


PROFILE_FIELDS = (
    "pk", "person_id", "kinds_wanted", "times", "travel_miles", "needs_step_free",
    "prefers_remote",
)  # fmt: skip


@dataclass(frozen=True)
class Ranked:
    interest: Interest
    explanation: str


def rank_waiting(opportunity: Opportunity, waiting: list[Interest]) -> list[Ranked]:
    """Interest waiting for an answer, best fit first (matching.rank_people's order)."""
    if not waiting:
        return []
    person_ids = [i.person_id for i in waiting]
    profiles = {
        p["person_id"]: p
        for p in PathwayProfile.objects.filter(person_id__in=person_ids).values(*PROFILE_FIELDS)
    }
    skills = _skills_by_profile([p["pk"] for p in profiles.values()])
    by_person = {i.person_id: i for i in waiting}
    wants = [
        _wants(
            i.person_id,
            i.person.locality.slug if i.person.locality_id else None,
            profiles.get(i.person_id),
            skills,
        )
        for i in waiting
    ]
    fits = matching.rank_people(offer_of(opportunity), wants)
    return [Ranked(by_person[f.wants.id], explanation_for_owner(f)) for f in fits]


def _rank(offer: matching.Offer, rows: list[dict]) -> list[matching.Fit]:
    skills = _skills_by_profile([r["pk"] for r in rows])
    wants = [_wants(r["person_id"], r["person__locality__slug"], r, skills) for r in rows]
    return matching.rank_people(offer, wants)


@dataclass(frozen=True)
class Suggestion:
    profile_id: int
    person_id: int
    person_user_id: int | None
    name: str
    explanation: str


def suggestions(opportunity: Opportunity, limit: int = SUGGESTIONS_SHOWN) -> list[Suggestion]:
    """People who agreed to be suggested, best fit first, leaving out anyone who has
    already shown interest in this role (they are listed with their interest)."""
    from recoveryhub.people.names import name_in_use

    already = Interest.objects.filter(opportunity=opportunity).exclude(
        status=InterestStatus.WITHDRAWN
    )
    offer = offer_of(opportunity)
    candidates = PathwayProfile.objects.filter(open_to_suggestions=True).exclude(
        person_id__in=already.values("person_id")
    )
    fields = (
        *PROFILE_FIELDS,
        "person__locality__slug",
        "person__full_name",
        "person__preferred_name",
        "person__user_id",
    )
    score = suggestions_scoring.person_score(offer)
    rows = list(
        suggestions_scoring.best(candidates.values(*fields), score, limit, tie="person_id")
    )
    best = _rank(offer, rows)[:limit]
    sql_score = {r["person_id"]: r[suggestions_scoring.SCORE] for r in rows}
    if any(f.score != sql_score[f.wants.id] for f in best):
        # The SQL score no longer agrees with matching.py: rank them all, as matching says.
        rows = list(candidates.values(*fields))
        best = _rank(offer, rows)[:limit]
    by_person = {r["person_id"]: r for r in rows}
    return [
        Suggestion(
            profile_id=by_person[f.wants.id]["pk"],
            person_id=f.wants.id,
            person_user_id=by_person[f.wants.id]["person__user_id"],
            name=name_in_use(
                by_person[f.wants.id]["person__full_name"],
                by_person[f.wants.id]["person__preferred_name"],
            ),
            explanation=explanation_for_owner(f),
        )
        for f in best
    ]
