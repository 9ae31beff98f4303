"""Exact scoring of answers against an Instrument: pure, no database, no Django.

Missing answers are never counted as 0: each instrument's missing-item rule
either prorates from the answered items or refuses to score. Means and
prorated or converted scores are reported to two decimal places (half up).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .instruments import Band, Instrument, Item, Kind, MissingRule, TotalMethod

EPSILON = 1e-9  # for comparing stored floats against thresholds


class ScoringError(ValueError):
    """Answers that cannot be scored; the message says why, in plain English."""


@dataclass(frozen=True)
class Score:
    instrument: str  # the instrument's code
    raw_total: int | None  # sum of the answered scored items after reversal (None: no total)
    total: float | None  # the reported score: prorated, averaged or converted
    subscales: dict[str, float | None]  # subscale code -> score (None: none of its items answered)
    band: Band | None
    subscale_bands: dict[str, Band | None]
    item_scores: dict[str, int]  # item code -> score after reversal, answered items only
    missing: tuple[str, ...]  # item codes not answered
    warnings: tuple[str, ...]  # plain English, for the worker reviewing the answers
    complete: bool  # every item answered
    prorated: bool = False  # the total was scaled up from fewer than all items
    safety: tuple[str, ...] = ()  # item codes whose answers prompt a safety review


class Change(StrEnum):
    RELIABLE_IMPROVEMENT = "reliable_improvement"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    RELIABLE_DETERIORATION = "reliable_deterioration"


def score(instrument: Instrument, answers: Mapping[str, int | None]) -> Score:
    """Score one set of answers (item code -> option value; None or absent: unanswered)."""
    name = instrument.short_name
    if not isinstance(answers, Mapping):
        raise ScoringError(f"{name}: answers must be given as item code -> value")
    codes = {item.code for item in instrument.items}
    unknown = sorted(str(code) for code in answers if code not in codes)
    if unknown:
        raise ScoringError(f"{name} has no question '{unknown[0]}'")
    item_scores: dict[str, int] = {}
    missing = []
    for number, item in enumerate(instrument.items, start=1):
        value = answers.get(item.code)
        if value is None:
            missing.append(item.code)
            continue
        item_scores[item.code] = _item_score(name, number, item, value)

    warnings = []
    # Safety items are never reversed (the catalogue checks), so the score is the answer.
    safety = tuple(
        i.code
        for i in instrument.items
        if i.safety and item_scores.get(i.code, i.min_value) > i.min_value
    )
    for code in safety:
        warnings.append(_safety_prompt(instrument, code, answers[code]))

    raw_total = total = band = None
    prorated = False
    if instrument.kind == Kind.SCORED:
        unanswered = [i.code for i in instrument.scored_items if i.code not in item_scores]
        _check_missing(instrument, unanswered)
        prorated = bool(unanswered)
        if instrument.total_method is not None:
            codes = [i.code for i in instrument.scored_items]
            raw_total, total = _combine(item_scores, codes, instrument.total_method)
            if instrument.conversion:
                total = instrument.conversion[raw_total]
            band = find_band(instrument.bands, total)
        if prorated:
            warnings.append(_prorated_note(instrument, len(unanswered)))

    subscales: dict[str, float | None] = {}
    subscale_bands: dict[str, Band | None] = {}
    for sub in instrument.subscales:
        answered = [c for c in sub.items if c in item_scores]
        value = _combine(item_scores, sub.items, sub.method)[1] if answered else None
        subscales[sub.code] = value
        subscale_bands[sub.code] = find_band(sub.bands, value)

    return Score(
        instrument=instrument.code,
        raw_total=raw_total,
        total=total,
        subscales=subscales,
        band=band,
        subscale_bands=subscale_bands,
        item_scores=item_scores,
        missing=tuple(missing),
        warnings=tuple(warnings),
        complete=not missing,
        prorated=prorated,
        safety=safety,
    )


def find_band(bands, value: float | None) -> Band | None:
    """The band a score falls in. Bands are read from their lower bounds, so a score
    between one band's high and the next band's low (a prorated CORE-10 of 14.44)
    belongs to the lower band; outside the bands' range there is no band."""
    if value is None or not bands or not bands[0].low - EPSILON <= value:
        return None
    if value > bands[-1].high + EPSILON:
        return None
    found = None
    for band in bands:
        if band.low - EPSILON <= value:
            found = band
    return found


def reliable_change(
    instrument: Instrument, first: float, last: float, *, subscale: str | None = None
) -> Change:
    """Whether the change from `first` to `last` (totals, or a subscale's scores) is more
    than the instrument's reliable change threshold, in the better or worse direction."""
    threshold, higher_is_better, name = instrument.reliable_change, instrument.higher_is_better, ""
    if subscale is not None:
        sub = instrument.subscale(subscale)
        threshold, name = sub.reliable_change, f" {sub.name}"
        if sub.higher_is_better is not None:
            higher_is_better = sub.higher_is_better
    if threshold is None:
        raise ScoringError(f"{instrument.short_name}{name} has no reliable change threshold")
    for value in (first, last):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScoringError(f"{instrument.short_name}: {value!r} is not a score")
    better = (last - first) if higher_is_better else (first - last)
    if better >= threshold - EPSILON:
        return Change.RELIABLE_IMPROVEMENT
    if -better >= threshold - EPSILON:
        return Change.RELIABLE_DETERIORATION
    return Change.NO_RELIABLE_CHANGE


def is_case(instrument: Instrument, total: float | None) -> bool | None:
    """At or above the clinical cut-off (below it when higher is better); None when the
    instrument has no cut-off or there is no score."""
    if instrument.clinical_cutoff is None or total is None:
        return None
    if instrument.higher_is_better:
        return total < instrument.clinical_cutoff - EPSILON
    return total >= instrument.clinical_cutoff - EPSILON


# NHS Talking Therapies (PHQ-9 with GAD-7) ---------------------------------------------

PHQ9_CASENESS, GAD7_CASENESS = 10, 8
PHQ9_RELIABLE, GAD7_RELIABLE = 6, 4


@dataclass(frozen=True)
class TalkingTherapiesOutcome:
    caseness_at_start: bool  # PHQ-9 >= 10 or GAD-7 >= 8 at the first score
    caseness_at_end: bool
    # Recovery (and so reliable recovery) is only counted for those at caseness at
    # the start; for anyone else both are False.
    recovered: bool
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool


def talking_therapies(
    first_phq9: float, first_gad7: float, last_phq9: float, last_gad7: float
) -> TalkingTherapiesOutcome:
    """NHS Talking Therapies outcomes from a paired first and last PHQ-9 and GAD-7."""
    for label, value, top in (
        ("first PHQ-9", first_phq9, 27),
        ("first GAD-7", first_gad7, 21),
        ("last PHQ-9", last_phq9, 27),
        ("last GAD-7", last_gad7, 21),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= top:
            raise ScoringError(
                f"The {label} score must be a number from 0 to {top}, not {value!r}"
            )
    at_start = first_phq9 >= PHQ9_CASENESS or first_gad7 >= GAD7_CASENESS
    at_end = last_phq9 >= PHQ9_CASENESS or last_gad7 >= GAD7_CASENESS
    better = first_phq9 - last_phq9 >= PHQ9_RELIABLE or first_gad7 - last_gad7 >= GAD7_RELIABLE
    worse = last_phq9 - first_phq9 >= PHQ9_RELIABLE or last_gad7 - first_gad7 >= GAD7_RELIABLE
    recovered = at_start and not at_end
    improvement = better and not worse
    return TalkingTherapiesOutcome(
        caseness_at_start=at_start,
        caseness_at_end=at_end,
        recovered=recovered,
        reliable_improvement=improvement,
        reliable_deterioration=worse and not better,
        reliable_recovery=recovered and improvement,
    )


# Helpers --------------------------------------------------------------------------------


def _item_score(name: str, number: int, item: Item, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(f"{name} question {number}: the answer {value!r} is not a whole number")
    values = [o.value for o in item.options]
    if value not in values:
        allowed = ", ".join(str(v) for v in values)
        raise ScoringError(
            f"{name} question {number}: {value} is not one of its answers ({allowed})"
        )
    return item.min_value + item.max_value - value if item.reverse else value


def _check_missing(instrument: Instrument, unanswered: list[str]) -> None:
    name, count = instrument.short_name, len(unanswered)
    if not count:
        return
    numbers = ", ".join(str(_number(instrument, c)) for c in unanswered)
    which = f"question{'s' if count > 1 else ''} {numbers}"
    if instrument.missing_rule == MissingRule.REQUIRE_ALL:
        raise ScoringError(
            f"{name} needs every question answered to give a score: {which} "
            f"{'were' if count > 1 else 'was'} not answered"
        )
    if count > instrument.max_missing:
        allowed = instrument.max_missing
        raise ScoringError(
            f"{name} can give a score with at most {allowed} question"
            f"{'s' if allowed > 1 else ''} unanswered, but {which} were not answered"
        )


def _number(instrument: Instrument, code: str) -> int:
    return next(n for n, item in enumerate(instrument.items, start=1) if item.code == code)


def _combine(item_scores: dict[str, int], codes, method: TotalMethod) -> tuple[int, float]:
    """(raw sum of the answered items, reported score): a sum scaled up to all the
    items when some are unanswered, or the mean of those answered."""
    answered = [item_scores[c] for c in codes if c in item_scores]
    raw = sum(answered)
    if method == TotalMethod.MEAN:
        return raw, _two_places(Fraction(raw, len(answered)))
    if len(answered) == len(codes):
        return raw, raw
    return raw, _two_places(Fraction(raw * len(codes), len(answered)))


def _two_places(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _safety_prompt(instrument: Instrument, code: str, value: int) -> str:
    item = instrument.item(code)
    answer = next((o.text for o in item.options if o.value == value), str(value))
    return (
        f"{instrument.short_name} question {_number(instrument, code)} (\u201c{item.text}\u201d) "
        f"was answered \u201c{answer}\u201d. Please talk with the person about how they are "
        "feeling and review their safety together. This is a prompt to talk, not a judgement "
        "of risk."
    )


def _prorated_note(instrument: Instrument, count: int) -> str:
    answered = len(instrument.scored_items) - count
    if instrument.total_method == TotalMethod.MEAN:
        how = f"the average of the other {answered}"
    else:
        how = f"scaled up from the other {answered}"
    question = "question was" if count == 1 else "questions were"
    return f"{count} {question} not answered, so the score is {how}."
