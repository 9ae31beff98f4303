"""Properties that hold for every instrument in the catalogue, checked with hypothesis."""

import dataclasses

from hypothesis import assume, given
from hypothesis import strategies as st

from recoveryhub.measures import catalogue
from recoveryhub.measures.catalogue import score_range
from recoveryhub.measures.instruments import Kind, MissingRule
from recoveryhub.measures.scoring import (
    Change,
    find_band,
    reliable_change,
    score,
    talking_therapies,
)

INSTRUMENTS = sorted(catalogue.load().values(), key=lambda i: i.code)
TOTALLED = [i for i in INSTRUMENTS if i.has_total]
PRORATING = [i for i in TOTALLED if i.missing_rule == MissingRule.PRORATE]


def complete_answers(instrument):
    return st.fixed_dictionaries(
        {i.code: st.sampled_from([o.value for o in i.options]) for i in instrument.items}
    )


@st.composite
def instrument_and_answers(draw, instruments):
    instrument = draw(st.sampled_from(instruments))
    return instrument, draw(complete_answers(instrument))


@st.composite
def with_some_missing(draw, instruments):
    """Answers with up to the instrument's allowance of scored items left unanswered."""
    instrument, answers = draw(instrument_and_answers(instruments))
    scored = [i.code for i in instrument.scored_items]
    gone = draw(st.lists(st.sampled_from(scored), unique=True, max_size=instrument.max_missing))
    return instrument, {code: (None if code in gone else v) for code, v in answers.items()}


@given(instrument_and_answers(TOTALLED))
def test_totals_are_always_within_the_range_and_in_a_band(case):
    instrument, answers = case
    result = score(instrument, answers)
    assert result.complete and not result.prorated
    assert instrument.total_min <= result.total <= instrument.total_max
    if instrument.bands:
        assert result.band is not None and result.band.low <= result.total <= result.band.high


@given(with_some_missing(PRORATING))
def test_prorated_totals_stay_within_the_range(case):
    instrument, answers = case
    result = score(instrument, answers)
    assert instrument.total_min <= result.total <= instrument.total_max
    assert result.prorated is (None in answers.values())
    if instrument.bands:
        assert find_band(instrument.bands, result.total) is result.band is not None


@given(instrument_and_answers(INSTRUMENTS))
def test_subscales_stay_within_their_ranges(case):
    instrument, answers = case
    result = score(instrument, answers)
    for sub in instrument.subscales:
        low, high = score_range(instrument, sub.items, sub.method)
        assert low <= result.subscales[sub.code] <= high
        if sub.bands:
            assert result.subscale_bands[sub.code] is not None


@given(st.data())
def test_reversal_symmetry(data):
    """On a reversed item, answering v scores the same as answering min + max - v on the
    same item not reversed."""
    reversed_items = [(inst, item) for inst in TOTALLED for item in inst.items if item.reverse]
    instrument, item = data.draw(st.sampled_from(reversed_items))
    answers = data.draw(complete_answers(instrument))
    value = answers[item.code]
    plain_item = dataclasses.replace(item, reverse=False)
    plain = dataclasses.replace(
        instrument, items=tuple(plain_item if i is item else i for i in instrument.items)
    )
    mirrored = {**answers, item.code: item.min_value + item.max_value - value}
    assert (
        score(instrument, answers).item_scores[item.code]
        == (score(plain, mirrored).item_scores[item.code])
    )
    assert score(instrument, answers).total == score(plain, mirrored).total


@given(st.data())
def test_monotonicity(data):
    """Raising one answer never lowers a total (sum or mean) on a plain item, and never
    raises it on a reversed item (conversion tables never go down, so this holds after
    them too)."""
    instrument, answers = data.draw(instrument_and_answers(TOTALLED))
    item = data.draw(st.sampled_from(instrument.scored_items))
    higher = [o.value for o in item.options if o.value > answers[item.code]]
    assume(higher)
    raised = {**answers, item.code: data.draw(st.sampled_from(higher))}
    before, after = score(instrument, answers), score(instrument, raised)
    if item.reverse:
        assert after.raw_total <= before.raw_total and after.total <= before.total
    else:
        assert after.raw_total >= before.raw_total and after.total >= before.total


@given(st.data())
def test_profiles_and_separate_items_are_kept_as_answered(data):
    instrument = data.draw(st.sampled_from([i for i in INSTRUMENTS if i.kind != Kind.SCORED]))
    answers = data.draw(complete_answers(instrument))
    kept = data.draw(st.lists(st.sampled_from(sorted(answers)), unique=True, min_size=1))
    given_answers = {code: answers[code] for code in kept}
    result = score(instrument, given_answers)
    assert result.total is None and result.item_scores == given_answers
    assert set(result.missing) == {i.code for i in instrument.items} - set(kept)


@given(
    st.sampled_from([i for i in TOTALLED if i.reliable_change]),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_reliable_change_is_antisymmetric(instrument, a, b):
    span = instrument.total_max - instrument.total_min
    first, last = instrument.total_min + a * span, instrument.total_min + b * span
    forward, backward = (
        reliable_change(instrument, first, last),
        reliable_change(instrument, last, first),
    )
    opposite = {
        Change.RELIABLE_IMPROVEMENT: Change.RELIABLE_DETERIORATION,
        Change.RELIABLE_DETERIORATION: Change.RELIABLE_IMPROVEMENT,
        Change.NO_RELIABLE_CHANGE: Change.NO_RELIABLE_CHANGE,
    }
    assert backward == opposite[forward]


@given(st.integers(0, 27), st.integers(0, 21), st.integers(0, 27), st.integers(0, 21))
def test_talking_therapies_outcomes_are_consistent(first_phq9, first_gad7, last_phq9, last_gad7):
    outcome = talking_therapies(first_phq9, first_gad7, last_phq9, last_gad7)
    assert not (outcome.reliable_improvement and outcome.reliable_deterioration)
    assert outcome.recovered <= outcome.caseness_at_start
    assert outcome.recovered <= (not outcome.caseness_at_end)
    assert outcome.reliable_recovery == (outcome.recovered and outcome.reliable_improvement)
    phq9, gad7 = catalogue.get("phq9"), catalogue.get("gad7")
    changes = {
        reliable_change(phq9, first_phq9, last_phq9),
        reliable_change(gad7, first_gad7, last_gad7),
    }
    # The same thresholds as the catalogue's PHQ-9 (6) and GAD-7 (4).
    assert outcome.reliable_improvement == (
        Change.RELIABLE_IMPROVEMENT in changes and Change.RELIABLE_DETERIORATION not in changes
    )
