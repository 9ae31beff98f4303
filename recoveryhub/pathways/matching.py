"""How well an opportunity fits a person, ranked and explained. No database access.

Each pair is scored on the same criteria: the kind of role wanted, access (step-free where
needed), within the distance they will travel, from home if they would rather, skills
matched, times they are free, and how near it is. Every criterion adds points and none
takes them away from a better value, so a fit at least as good on every criterion and
better on one always ranks higher; ties go by id, so the order never depends on the order
things were given in.

    fit = rank_opportunities(wants, offers)[0]
    fit.reasons  # ["Matches 3 of 4 skills", "About 2 miles away", "Weekday mornings"]
"""

from dataclasses import dataclass

from .vocabulary import TIME_LABELS, miles_between

# Unknown distance counts as far: a known, near role ranks above a role of unknown place.
UNKNOWN_MILES = 100
POINTS = {
    "kind": 400, "access": 300, "reach": 200, "home": 50, "skill": 40, "time": 10, "mile": 1,
}  # fmt: skip


@dataclass(frozen=True)
class Wants:
    """What a person brings and looks for (their pathway profile)."""

    id: int
    skills: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()  # empty: any kind
    times: frozenset[str] = frozenset()
    locality: str | None = None
    travel_miles: int = 5
    needs_step_free: bool = False
    prefers_remote: bool = False  # would rather do it from home


@dataclass(frozen=True)
class Offer:
    """What an opportunity asks for and gives."""

    id: int
    kind: str
    skills: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    locality: str | None = None
    can_be_remote: bool = False
    step_free: bool = False


@dataclass(frozen=True)
class Fit:
    wants: Wants
    offer: Offer
    kind_wanted: bool
    access_ok: bool
    miles: int | None  # 0 for a role that can be done from home
    within_reach: bool
    home_as_wanted: bool  # from home, or they did not ask for that
    skills_matched: int
    times_matched: tuple[str, ...]

    @property
    def score(self) -> int:
        miles = UNKNOWN_MILES if self.miles is None else min(self.miles, UNKNOWN_MILES)
        return (
            POINTS["kind"] * self.kind_wanted
            + POINTS["access"] * self.access_ok
            + POINTS["reach"] * self.within_reach
            + POINTS["home"] * self.home_as_wanted
            + POINTS["skill"] * self.skills_matched
            + POINTS["time"] * len(self.times_matched)
            + POINTS["mile"] * (UNKNOWN_MILES - miles)
        )

    @property
    def reasons(self) -> list[str]:
        """Why it was suggested, in plain words: skills, distance, times, access."""
        asked = len(self.offer.skills)
        reasons = [
            f"Matches {self.skills_matched} of {asked} skill{'' if asked == 1 else 's'}"
            if asked
            else "Asks for no particular skills"
        ]
        reasons.append(_distance(self))
        if self.times_matched:
            # One phrase: "Weekday mornings, weekends", never a capital mid-sentence.
            first, *rest = (TIME_LABELS[t] for t in self.times_matched)
            reasons.append(", ".join([first, *(label.lower() for label in rest)]))
        elif self.offer.times and self.wants.times:
            reasons.append("Not at the times you said you are free")
        if self.wants.needs_step_free:
            reasons.append("Step-free" if self.access_ok else "Not step-free")
        if not self.home_as_wanted:
            reasons.append("Not from home")
        return [r for r in reasons if r]

    @property
    def explanation(self) -> str:
        return ", ".join(r[0].lower() + r[1:] if i else r for i, r in enumerate(self.reasons))


def _distance(fit: Fit) -> str:
    if fit.offer.can_be_remote:
        return "Can be done from home"
    if fit.miles is None:
        return ""
    if fit.miles == 0:
        return "In your area"
    about = f"about {fit.miles} mile{'' if fit.miles == 1 else 's'} away"
    return (
        about[0].upper() + about[1:] if fit.within_reach else f"Further than you travel ({about})"
    )


def fit(wants: Wants, offer: Offer) -> Fit:
    miles = 0 if offer.can_be_remote else miles_between(wants.locality, offer.locality)
    return Fit(
        wants=wants,
        offer=offer,
        kind_wanted=not wants.kinds or offer.kind in wants.kinds,
        access_ok=not wants.needs_step_free or offer.step_free or offer.can_be_remote,
        miles=miles,
        within_reach=miles is not None and miles <= wants.travel_miles,
        home_as_wanted=not wants.prefers_remote or offer.can_be_remote,
        skills_matched=len(wants.skills & offer.skills),
        times_matched=tuple(t for t in TIME_LABELS if t in wants.times and t in offer.times),
    )


def rank_opportunities(wants: Wants, offers) -> list[Fit]:
    """Opportunities for one person, best fit first (ties by the opportunity's id)."""
    return sorted((fit(wants, offer) for offer in offers), key=lambda f: (-f.score, f.offer.id))


def rank_people(offer: Offer, people) -> list[Fit]:
    """People for one opportunity, best fit first (ties by the person's id). Only people
    who agreed to be suggested, or who showed interest, are ever passed in."""
    return sorted((fit(wants, offer) for wants in people), key=lambda f: (-f.score, f.wants.id))
