"""Worked examples and boundaries for every instrument, and answers that cannot be scored."""

import pytest

from recoveryhub.measures import catalogue
from recoveryhub.measures.scoring import (
    Change,
    ScoringError,
    is_case,
    reliable_change,
    score,
    talking_therapies,
)


def answers(code: str, *values):
    """Answers in item order; one value repeats for every item."""
    items = catalogue.get(code).items
    if len(values) == 1:
        values = values * len(items)
    assert len(values) == len(items)
    return {item.code: value for item, value in zip(items, values, strict=True)}


def spread(code: str, total: int, top: int) -> dict:
    """Answers on a non-reversed sum instrument adding up to `total` (fill items in order)."""
    values = []
    for _ in catalogue.get(code).items:
        values.append(min(top, total))
        total -= values[-1]
    return answers(code, *values)


# PHQ-9 and GAD-7, PHQ-2 and GAD-2 --------------------------------------------------------


def test_phq9_all_ones_is_nine_mild():
    result = score(catalogue.get("phq9"), answers("phq9", 1))
    assert (result.raw_total, result.total, result.band.label) == (9, 9, "Mild")
    assert result.complete and not result.missing and not result.prorated
    assert result.item_scores["phq9_4"] == 1


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "Minimal"), (4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"),
     (15, "Moderately severe"), (19, "Moderately severe"), (20, "Severe"), (27, "Severe")],
)  # fmt: skip
def test_phq9_band_boundaries(total, band):
    phq9 = catalogue.get("phq9")
    result = score(phq9, spread("phq9", total, 3))
    assert (result.total, result.band.label) == (total, band)
    assert is_case(phq9, result.total) is (total >= 10)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "Minimal"), (4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"),
     (15, "Severe"), (21, "Severe")],
)  # fmt: skip
def test_gad7_band_boundaries_and_talking_therapies_caseness(total, band):
    gad7 = catalogue.get("gad7")
    result = score(gad7, spread("gad7", total, 3))
    assert (result.total, result.band.label) == (total, band)
    assert is_case(gad7, result.total) is (total >= 8)


def test_phq9_item_9_prompts_a_safety_review_not_a_label():
    phq9 = catalogue.get("phq9")
    quiet = score(phq9, answers("phq9", 0, 0, 0, 0, 0, 0, 0, 0, 0))
    assert quiet.warnings == () and quiet.safety == ()
    result = score(phq9, answers("phq9", 0, 0, 0, 0, 0, 0, 0, 0, 2))
    assert result.safety == ("phq9_9",)
    (warning,) = result.warnings
    assert "question 9" in warning and "“More than half the days”" in warning
    assert "review their safety" in warning and "not a judgement of risk" in warning
    assert result.band.label == "Minimal"  # the prompt never changes the score or band


@pytest.mark.parametrize(("code", "cutoff"), [("phq2", 3), ("gad2", 3)])
def test_two_item_screeners(code, cutoff):
    instrument = catalogue.get(code)
    below, at = score(instrument, answers(code, 1, 1)), score(instrument, answers(code, 2, 1))
    assert (below.total, below.band.label) == (2, "Below the screening threshold")
    assert (at.total, at.band.label) == (3, "At or above the screening threshold")
    assert is_case(instrument, 2) is False and is_case(instrument, cutoff) is True
    assert score(instrument, answers(code, 3, 3)).total == 6
    with pytest.raises(ScoringError, match="has no reliable change threshold"):
        reliable_change(instrument, 6, 0)


# ONS4 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "satisfaction", "anxiety"),
    [(0, "Low", "Very low"), (1, "Low", "Very low"), (2, "Low", "Low"), (3, "Low", "Low"),
     (4, "Low", "Medium"), (5, "Medium", "Medium"), (6, "Medium", "High"), (7, "High", "High"),
     (8, "High", "High"), (9, "Very high", "High"), (10, "Very high", "High")],
)  # fmt: skip
def test_ons4_bands_including_the_reversed_anxiety_bands(value, satisfaction, anxiety):
    result = score(catalogue.get("ons4"), answers("ons4", value))
    assert result.total is None and result.raw_total is None and result.band is None
    assert result.subscales == {
        "life_satisfaction": value,
        "worthwhile": value,
        "happiness": value,
        "anxiety": value,
    }
    labels = {code: band.label for code, band in result.subscale_bands.items()}
    assert labels["life_satisfaction"] == labels["happiness"] == satisfaction
    assert labels["anxiety"] == anxiety


def test_ons4_answers_stand_alone():
    result = score(catalogue.get("ons4"), {"ons4_1": 8, "ons4_4": 2})
    assert result.missing == ("ons4_2", "ons4_3") and not result.complete
    assert result.subscales == {"life_satisfaction": 8, "worthwhile": None, "happiness": None,
                                "anxiety": 2}  # fmt: skip
    assert result.subscale_bands["worthwhile"] is None
    assert result.warnings == ()


# BRS ----------------------------------------------------------------------------------------


def test_brs_reverses_items_2_4_and_6():
    # Agreeing with every positive statement and disagreeing with every negative one
    # is the same resilience throughout: every item scores 4.
    result = score(catalogue.get("brs"), answers("brs", 4, 2, 4, 2, 4, 2))
    assert set(result.item_scores.values()) == {4}
    assert (result.total, result.band.label) == (4.0, "Normal resilience")
    low = score(catalogue.get("brs"), answers("brs", 1, 5, 1, 5, 1, 5))
    assert low.raw_total == 6 and low.total == 1.0 and low.band.label == "Low resilience"
    assert score(catalogue.get("brs"), answers("brs", 5, 1, 5, 1, 5, 1)).total == 5.0


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [((3, 3, 3, 3, 3, 4), 2.83, "Low resilience"),  # 17 / 6
     ((3, 3, 3, 3, 3, 3), 3.0, "Normal resilience"),
     ((4, 2, 4, 2, 5, 2), 4.17, "Normal resilience"),  # 25 / 6
     ((5, 2, 4, 2, 5, 2), 4.33, "High resilience")],  # 26 / 6
)  # fmt: skip
def test_brs_mean_and_band_boundaries(values, total, band):
    result = score(catalogue.get("brs"), answers("brs", *values))
    assert (result.total, result.band.label) == (total, band)


def test_brs_one_missing_is_the_mean_of_five_two_missing_is_no_score():
    brs = catalogue.get("brs")
    result = score(brs, answers("brs", 5, 1, 4, 2, 4, None))
    assert result.total == 4.4 and result.prorated and result.missing == ("brs_6",)
    assert "the average of the other 5" in result.warnings[0]
    with pytest.raises(ScoringError, match="at most 1 question unanswered, but questions 5, 6"):
        score(brs, answers("brs", 5, 1, 4, 2, None, None))


# QPR-15, DIALOG ---------------------------------------------------------------------------


def test_qpr15_sum():
    qpr = catalogue.get("qpr15")
    assert score(qpr, answers("qpr15", 2)).total == 30
    assert score(qpr, answers("qpr15", 4)).total == 60
    assert score(qpr, answers("qpr15", 0)).total == 0
    with pytest.raises(ScoringError, match="QPR-15 needs every question answered"):
        score(qpr, {**answers("qpr15", 2), "qpr15_15": None})


def test_dialog_means_of_quality_of_life_and_care():
    dialog = catalogue.get("dialog")
    result = score(dialog, answers("dialog", 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7))
    assert result.total is None and result.band is None
    assert result.subscales == {"quality_of_life": 4.0, "treatment_satisfaction": 6.0}
    bands = {code: band.label for code, band in result.subscale_bands.items()}
    assert bands == {"quality_of_life": "In the middle", "treatment_satisfaction": "Satisfied"}


def test_dialog_rounds_halves_up_and_bands_below_four_as_dissatisfied():
    dialog = catalogue.get("dialog")
    result = score(dialog, answers("dialog", 5, 4, 4, 4, 4, 4, 4, 4, 3, 4, 4))  # 33/8, 11/3
    assert result.subscales == {"quality_of_life": 4.13, "treatment_satisfaction": 3.67}
    assert result.subscale_bands["treatment_satisfaction"].label == "Dissatisfied"
    assert result.subscale_bands["quality_of_life"].label == "Satisfied"
    with pytest.raises(ScoringError, match="DIALOG needs every question answered"):
        score(dialog, {**answers("dialog", 4), "dialog_9": None})


def test_dialog_reliable_change_is_one_point_on_either_mean():
    dialog = catalogue.get("dialog")
    assert (
        reliable_change(dialog, 3.5, 4.5, subscale="quality_of_life")
        == Change.RELIABLE_IMPROVEMENT
    )
    assert (
        reliable_change(dialog, 3.5, 4.38, subscale="quality_of_life") == Change.NO_RELIABLE_CHANGE
    )
    assert (
        reliable_change(dialog, 5.0, 4.0, subscale="treatment_satisfaction")
        == Change.RELIABLE_DETERIORATION
    )
    with pytest.raises(ScoringError, match="DIALOG has no reliable change threshold"):
        reliable_change(dialog, 3, 5)


# CORE-10 -------------------------------------------------------------------------------------


def test_core10_reverses_items_2_and_3():
    core10 = catalogue.get("core10")
    none_of_it = score(core10, answers("core10", 0))  # 'Not at all' to support and coping too
    assert none_of_it.item_scores["core10_2"] == 4 and none_of_it.item_scores["core10_3"] == 4
    assert (none_of_it.total, none_of_it.band.label) == (8, "Low level")
    best = score(core10, answers("core10", 0, 4, 4, 0, 0, 0, 0, 0, 0, 0))
    assert (best.total, best.band.label) == (0, "Healthy")
    assert score(core10, answers("core10", 2)).total == 20
    assert score(core10, answers("core10", 4, 0, 0, 4, 4, 4, 4, 4, 4, 4)).total == 40


@pytest.mark.parametrize(
    ("total", "band"),
    [(5, "Healthy"), (6, "Low level"), (10, "Low level"), (11, "Mild"), (14, "Mild"),
     (15, "Moderate"), (19, "Moderate"), (20, "Moderate to severe"), (24, "Moderate to severe"),
     (25, "Severe")],
)  # fmt: skip
def test_core10_band_boundaries_and_cut_off(total, band):
    core10 = catalogue.get("core10")
    values = [0, 4, 4] + [0] * 7  # healthy on the reversed items; fill the rest
    rest = total
    for n in (0, 3, 4, 5, 6, 7, 8, 9):
        values[n] = min(4, rest)
        rest -= values[n]
    result = score(core10, answers("core10", *values))
    assert (result.total, result.band.label) == (total, band)
    assert is_case(core10, total) is (total >= 11)


def test_core10_one_missing_item_is_prorated_mean_times_ten():
    core10 = catalogue.get("core10")
    values = [2, 2, 2, 2, 2, 0, 2, 2, 2, None]
    result = score(core10, answers("core10", *values))
    assert result.raw_total == 16 and result.total == 17.78  # 16 / 9 x 10
    assert result.band.label == "Moderate" and result.prorated and not result.complete
    assert result.warnings == (
        "1 question was not answered, so the score is scaled up from the other 9.",
    )
    # Between two bands' whole numbers: a prorated 14.44 is below 15, so Mild.
    between = score(core10, answers("core10", 1, 1, 1, 1, 1, 1, 1, 1, 1, None))
    assert (between.total, between.band.label) == (14.44, "Mild")
    assert between.safety == ("core10_6",)


def test_core10_two_missing_items_give_no_score():
    with pytest.raises(ScoringError, match="CORE-10 can give a score with at most 1 question"):
        score(catalogue.get("core10"), answers("core10", 2, 2, 2, 2, 2, 2, 2, 2, None, None))


def test_core10_reliable_change_is_six():
    core10 = catalogue.get("core10")
    assert reliable_change(core10, 20, 14) == Change.RELIABLE_IMPROVEMENT
    assert reliable_change(core10, 20, 14.44) == Change.NO_RELIABLE_CHANGE
    assert reliable_change(core10, 14, 20) == Change.RELIABLE_DETERIORATION


# SWEMWBS, WEMWBS, ReQoL-10 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "raw", "metric", "band"),
    [((1,) * 7, 7, 7.0, "Probable depression"),
     ((3, 3, 3, 3, 3, 2, 2), 19, 17.98, "Probable depression"),
     ((3, 3, 3, 3, 3, 3, 2), 20, 18.59, "Possible depression"),
     ((3, 3, 3, 3, 3, 3, 5), 23, 20.73, "Possible depression"),
     ((4, 4, 4, 3, 3, 3, 3), 24, 21.54, "Average"),
     ((4, 4, 4, 4, 4, 4, 4), 28, 25.03, "Average"),
     ((5, 5, 5, 4, 4, 4, 3), 30, 27.03, "Average"),
     ((5, 5, 5, 4, 4, 4, 4), 31, 28.13, "High"),
     ((5,) * 7, 35, 35.0, "High")],
)  # fmt: skip
def test_swemwbs_converts_raw_to_metric(values, raw, metric, band):
    result = score(catalogue.get("swemwbs"), answers("swemwbs", *values))
    assert (result.raw_total, result.total, result.band.label) == (raw, metric, band)


def test_swemwbs_needs_every_item_and_reliable_change_is_three_metric_points():
    swemwbs = catalogue.get("swemwbs")
    with pytest.raises(ScoringError, match="SWEMWBS needs every question answered"):
        score(swemwbs, {**answers("swemwbs", 3), "swemwbs_7": None})
    assert (
        reliable_change(swemwbs, 17.98, 20.98) == Change.RELIABLE_IMPROVEMENT
    )  # higher is better
    assert reliable_change(swemwbs, 17.98, 20.73) == Change.NO_RELIABLE_CHANGE
    assert reliable_change(swemwbs, 25.03, 21.54) == Change.RELIABLE_DETERIORATION


def test_wemwbs_sum():
    wemwbs = catalogue.get("wemwbs")
    assert score(wemwbs, answers("wemwbs", 1)).total == 14
    assert score(wemwbs, answers("wemwbs", 5)).total == 70
    assert score(wemwbs, answers("wemwbs", 3)).band is None  # no bands set
    assert reliable_change(wemwbs, 40, 49) == Change.RELIABLE_IMPROVEMENT
    assert reliable_change(wemwbs, 40, 48) == Change.NO_RELIABLE_CHANGE


def test_reqol10_reverses_negative_items_and_leaves_physical_health_out():
    reqol = catalogue.get("reqol10")
    best = answers("reqol10", 0, 4, 0, 4, 4, 0, 4, 4, 0, 4, 4)
    result = score(reqol, best)
    assert (result.total, result.band.label) == (40, "Non-clinical range")
    assert result.item_scores["reqol10_1"] == 4 and result.item_scores["reqol10_ph"] == 4
    worst_body = score(reqol, {**best, "reqol10_ph": 0})
    assert worst_body.total == 40  # the physical health item is outside the total
    no_body = score(reqol, {**best, "reqol10_ph": None})
    assert no_body.total == 40 and no_body.missing == ("reqol10_ph",) and not no_body.complete
    assert not no_body.prorated and no_body.warnings == ()
    assert score(reqol, answers("reqol10", 2)).total == 20


def test_reqol10_clinical_range_is_below_25():
    reqol = catalogue.get("reqol10")
    assert is_case(reqol, 24) is True and is_case(reqol, 25) is False
    values = answers("reqol10", 0, 4, 0, 4, 4, 0, 4, 4, 0, 0, 0)  # item 10 at its worst
    result = score(reqol, {**values, "reqol10_4": 0, "reqol10_5": 0, "reqol10_7": 0})
    assert (result.total, result.band.label) == (24, "Clinical range")
    assert reliable_change(reqol, 20, 25) == Change.RELIABLE_IMPROVEMENT


# The strategy's self-ratings -------------------------------------------------------------------


def test_profiles_have_no_total_and_keep_each_rating():
    wellbeing = catalogue.get("wellbeing")
    result = score(wellbeing, answers("wellbeing", 7, 3, 10, 0, 5, 5, 6, 8, 2))
    assert result.total is None and result.band is None and result.subscales == {}
    assert result.item_scores["wellbeing_3"] == 10 and result.item_scores["wellbeing_4"] == 0
    some = score(catalogue.get("resilience"), {"resilience_1": 9, "resilience_9": 4})
    assert some.item_scores == {"resilience_1": 9, "resilience_9": 4}
    assert len(some.missing) == 8 and not some.complete
    assert is_case(wellbeing, None) is None
    with pytest.raises(ScoringError, match="Wellbeing areas has no reliable change threshold"):
        reliable_change(wellbeing, 2, 8)


# Answers that cannot be scored ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "change", "message"),
    [
        ("phq9", {"phq9_10": 1}, "PHQ-9 has no question 'phq9_10'"),
        ("phq9", {"phq9_4": 4}, "PHQ-9 question 4: 4 is not one of its answers (0, 1, 2, 3)"),
        ("phq9", {"phq9_4": -1}, "PHQ-9 question 4: -1 is not one of its answers"),
        ("phq9", {"phq9_2": "2"}, "PHQ-9 question 2: the answer '2' is not a whole number"),
        ("phq9", {"phq9_2": 2.0}, "PHQ-9 question 2: the answer 2.0 is not a whole number"),
        ("phq9", {"phq9_2": True}, "PHQ-9 question 2: the answer True is not a whole number"),
        ("phq9", {"phq9_4": None}, "PHQ-9 needs every question answered to give a score: "
                                   "question 4 was not answered"),
        ("swemwbs", {"swemwbs_1": 0}, "SWEMWBS question 1: 0 is not one of its answers"),
        ("ons4", {"ons4_2": 11}, "ONS4 question 2: 11 is not one of its answers"),
        ("wellbeing", {"wellbeing_1": 10.5}, "the answer 10.5 is not a whole number"),
    ],
)  # fmt: skip
def test_bad_answers_are_refused_with_a_clear_message(code, change, message):
    values = answers(code, 3)
    values.update(change)
    with pytest.raises(ScoringError) as error:
        score(catalogue.get(code), values)
    assert message in str(error.value)


def test_missing_answers_are_never_counted_as_zero():
    phq9 = catalogue.get("phq9")
    with pytest.raises(ScoringError, match="questions 8, 9 were not answered"):
        score(phq9, {k: v for k, v in answers("phq9", 0).items() if k not in ("phq9_8", "phq9_9")})
    with pytest.raises(ScoringError, match="CORE-10 can give a score with at most 1 question"):
        score(catalogue.get("core10"), {})
    # Ratings that stand alone may all be left out: nothing is scored, nothing invented.
    nothing = score(catalogue.get("ons4"), {"ons4_1": None})
    assert nothing.item_scores == {} and len(nothing.missing) == 4 and not nothing.complete
    assert set(nothing.subscales.values()) == {None}
    with pytest.raises(ScoringError, match="answers must be given as item code -> value"):
        score(phq9, [1] * 9)


# Reliable change, caseness and NHS Talking Therapies ----------------------------------------


def test_reliable_change_honours_direction_and_threshold():
    phq9 = catalogue.get("phq9")
    assert reliable_change(phq9, 15, 9) == Change.RELIABLE_IMPROVEMENT
    assert reliable_change(phq9, 15, 10) == Change.NO_RELIABLE_CHANGE
    assert reliable_change(phq9, 9, 15) == Change.RELIABLE_DETERIORATION
    assert reliable_change(phq9, 9, 9) == Change.NO_RELIABLE_CHANGE
    brs = catalogue.get("brs")  # no threshold
    with pytest.raises(ScoringError, match="BRS has no reliable change threshold"):
        reliable_change(brs, 2, 4)
    with pytest.raises(ScoringError, match="is not a score"):
        reliable_change(phq9, None, 4)


def test_is_case_needs_a_cut_off_and_a_score():
    assert is_case(catalogue.get("qpr15"), 10) is None
    assert is_case(catalogue.get("phq9"), None) is None
    assert is_case(catalogue.get("gad7"), 7) is False and is_case(catalogue.get("gad7"), 8) is True


# (first PHQ-9, first GAD-7, last PHQ-9, last GAD-7) ->
# (caseness at start, recovered, reliable improvement, reliable deterioration, reliable recovery)
TALKING_THERAPIES = [
    ((15, 12, 8, 6), (True, True, True, False, True)),  # both down reliably, both below caseness
    ((12, 6, 9, 6), (True, True, False, False, False)),  # recovered, but a 3-point change
    ((10, 7, 9, 7), (True, True, False, False, False)),  # just below caseness at the end
    ((9, 7, 3, 2), (False, False, True, False, False)),  # not a case at the start: no recovery
    ((9, 7, 9, 8), (False, False, False, False, False)),  # became a case: no reliable change
    ((20, 15, 14, 15), (True, False, True, False, False)),  # PHQ-9 down 6, still a case
    ((20, 15, 20, 11), (True, False, True, False, False)),  # GAD-7 down 4 only
    ((20, 15, 15, 12), (True, False, False, False, False)),  # down 5 and 3: neither reliable
    ((16, 4, 10, 8), (True, False, False, False, False)),  # PHQ-9 better, GAD-7 worse: neither
    ((12, 10, 6, 14), (True, False, False, False, False)),  # the same, the other way round
    ((4, 3, 10, 3), (False, False, False, True, False)),  # PHQ-9 up 6
    ((4, 3, 4, 7), (False, False, False, True, False)),  # GAD-7 up 4
    ((10, 8, 16, 12), (True, False, False, True, False)),  # both up
    ((0, 0, 0, 0), (False, False, False, False, False)),
    ((27, 21, 0, 0), (True, True, True, False, True)),
]


@pytest.mark.parametrize(("scores", "expected"), TALKING_THERAPIES)
def test_talking_therapies_definitions(scores, expected):
    outcome = talking_therapies(*scores)
    got = (
        outcome.caseness_at_start,
        outcome.recovered,
        outcome.reliable_improvement,
        outcome.reliable_deterioration,
        outcome.reliable_recovery,
    )
    assert got == expected
    assert outcome.caseness_at_end is (scores[2] >= 10 or scores[3] >= 8)


@pytest.mark.parametrize("bad", [(28, 0, 0, 0), (0, 22, 0, 0), (0, 0, -1, 0), (0, 0, 0, "4")])
def test_talking_therapies_refuses_impossible_scores(bad):
    with pytest.raises(ScoringError, match="score must be a number from 0 to"):
        talking_therapies(*bad)
