"""matching.py, alone: the order never depends on the order things come in (ties by id),
a fit at least as good on every criterion and better on one never ranks below the
other, and the explanations say what they should."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryhub.pathways import matching
from recoveryhub.pathways.matching import Offer, Wants
from recoveryhub.pathways.vocabulary import CENTRES, TIME_LABELS

SKILLS = ["driving", "gardening", "listening", "cooking", "computers"]
KINDS = ["volunteering", "peer_post", "lived_job", "job", "taster", "panel"]
PLACES = [*CENTRES, None, "somewhere-unknown"]

skills = st.frozensets(st.sampled_from(SKILLS))
times = st.frozensets(st.sampled_from(list(TIME_LABELS)))

wants = st.builds(
    Wants,
    id=st.integers(1, 10_000),
    skills=skills,
    kinds=st.frozensets(st.sampled_from(KINDS), max_size=3),
    times=times,
    locality=st.sampled_from(PLACES),
    travel_miles=st.sampled_from([2, 5, 10, 20, 40]),
    needs_step_free=st.booleans(),
    prefers_remote=st.booleans(),
)


def offer(id_):
    return st.builds(
        Offer,
        id=st.just(id_),
        kind=st.sampled_from(KINDS),
        skills=skills,
        times=times,
        locality=st.sampled_from(PLACES),
        can_be_remote=st.booleans(),
        step_free=st.booleans(),
    )


offers = st.lists(st.integers(1, 10_000), unique=True, max_size=12).flatmap(
    lambda ids: st.tuples(*(offer(i) for i in ids)).map(list)
)


def criteria(fit) -> tuple:
    """Each criterion as a number where more is better; unknown distance counts as far."""
    nearness = -(matching.UNKNOWN_MILES if fit.miles is None else fit.miles)
    return (
        fit.kind_wanted, fit.access_ok, fit.within_reach, fit.home_as_wanted,
        fit.skills_matched, len(fit.times_matched), nearness,
    )  # fmt: skip


def dominates(a, b) -> bool:
    ca, cb = criteria(a), criteria(b)
    return all(x >= y for x, y in zip(ca, cb, strict=True)) and ca != cb


@given(wants, offers, st.randoms())
def test_the_order_does_not_depend_on_the_order_given(person, given_offers, random):
    shuffled = list(given_offers)
    random.shuffle(shuffled)
    first = [f.offer.id for f in matching.rank_opportunities(person, given_offers)]
    again = [f.offer.id for f in matching.rank_opportunities(person, shuffled)]
    assert first == again
    assert sorted(first) == sorted(o.id for o in given_offers)


@given(wants, offers)
def test_ties_go_by_id(person, given_offers):
    ranked = matching.rank_opportunities(person, given_offers)
    for a, b in zip(ranked, ranked[1:], strict=False):
        assert a.score > b.score or (a.score == b.score and a.offer.id < b.offer.id)


@settings(max_examples=200)
@given(wants, offers)
def test_a_fit_as_good_on_every_criterion_and_better_on_one_ranks_higher(person, given_offers):
    ranked = matching.rank_opportunities(person, given_offers)
    for i, better in enumerate(ranked):
        for worse in ranked[:i]:  # everything ranked above `better`
            assert not dominates(better, worse), (better, worse)


@given(wants, offer(1), st.sampled_from(SKILLS))
def test_bringing_one_more_skill_it_asks_for_moves_a_role_up(person, role, skill):
    person = replace(person, skills=person.skills | {skill})
    plain = replace(role, id=2, skills=role.skills - {skill})
    richer = replace(role, id=3, skills=role.skills | {skill})
    assert [f.offer.id for f in matching.rank_opportunities(person, [plain, richer])] == [3, 2]


@given(wants, offers)
def test_people_are_ranked_the_same_way(person, given_offers):
    """rank_people: for one role, the same scores; ties by the person's id."""
    for role in given_offers:
        people = [replace(person, id=n) for n in (5, 3, 9)]
        assert [f.wants.id for f in matching.rank_people(role, people)] == [3, 5, 9]


# Explanations ---------------------------------------------------------------------------

PAT = Wants(
    id=1,
    skills=frozenset({"gardening", "listening", "driving"}),
    kinds=frozenset({"volunteering"}),
    times=frozenset({"weekday_mornings", "weekends"}),
    locality="fenland",
    travel_miles=20,
)


def test_the_example_in_the_issue_reads_as_a_sentence():
    role = Offer(
        id=7,
        kind="volunteering",
        skills=frozenset({"gardening", "listening", "driving", "cooking"}),
        times=frozenset({"weekday_mornings"}),
        locality="east-cambridgeshire",
    )
    fit = matching.fit(PAT, role)
    assert fit.reasons == ["Matches 3 of 4 skills", "About 13 miles away", "Weekday mornings"]
    assert fit.explanation == "Matches 3 of 4 skills, about 13 miles away, weekday mornings"


def test_several_times_read_as_one_phrase_without_a_capital_in_the_middle():
    role = Offer(id=1, kind="job", times=frozenset({"weekends", "weekday_mornings"}))
    fit = matching.fit(PAT, role)
    assert "Weekday mornings, weekends" in fit.reasons
    assert fit.explanation == "Asks for no particular skills, weekday mornings, weekends"


def test_place_and_access_words():
    far = Offer(id=1, kind="job", skills=frozenset({"cooking"}), locality="cambridge")
    assert matching.fit(replace(PAT, travel_miles=10), far).reasons == [
        "Matches 0 of 1 skill", "Further than you travel (about 24 miles away)",
    ]  # fmt: skip
    home = Offer(id=2, kind="job", can_be_remote=True, times=frozenset({"weekday_evenings"}))
    step_free = replace(PAT, needs_step_free=True)
    assert matching.fit(step_free, home).reasons == [
        "Asks for no particular skills", "Can be done from home",
        "Not at the times you said you are free", "Step-free",
    ]  # fmt: skip
    near = Offer(id=3, kind="volunteering", locality="fenland")
    assert matching.fit(step_free, near).explanation == (
        "Asks for no particular skills, in your area, not step-free"
    )


def test_an_unknown_place_ranks_below_a_known_near_one_and_says_no_distance():
    nowhere = Offer(id=1, kind="volunteering")
    near = Offer(id=2, kind="volunteering", locality="peterborough")
    ranked = matching.rank_opportunities(PAT, [nowhere, near])
    assert [f.offer.id for f in ranked] == [2, 1]
    assert ranked[1].reasons == ["Asks for no particular skills"]
    assert ranked[0].reasons == ["Asks for no particular skills", "About 14 miles away"]
