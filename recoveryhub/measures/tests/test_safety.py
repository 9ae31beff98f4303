"""The flag rules read from the catalogue, and how long a flag has been open: pure."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.measures import catalogue, safety

# Each instrument whose manual names a risk item, that item, and its lowest answer.
RULES = [("phq9", "phq9_9", 9, 0), ("core10", "core10_6", 6, 0)]


def test_only_items_the_manuals_name_raise_flags():
    marked = {i.code for inst in catalogue.all_instruments() for i in inst.items if i.safety}
    assert marked == {item for _code, item, _number, _lowest in RULES}


@pytest.mark.parametrize(("code", "item", "number", "lowest"), RULES)
def test_an_answer_above_the_lowest_raises_a_flag(code, item, number, lowest):
    instrument = catalogue.get(code)
    quiet = {i.code: i.min_value for i in instrument.items}
    assert safety.triggers(instrument, quiet) == []
    for option in instrument.item(item).options:
        found = safety.triggers(instrument, {**quiet, item: option.value})
        if option.value <= lowest:
            assert found == []
        else:
            (trigger,) = found
            assert (trigger.item_code, trigger.number, trigger.value) == (
                item, number, option.value,
            )  # fmt: skip
            assert trigger.answer == option.text


def test_other_answers_never_raise_a_flag():
    instrument = catalogue.get("phq9")
    worst = {i.code: 3 for i in instrument.items if i.code != "phq9_9"}
    assert safety.triggers(instrument, worst) == []


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (-5, "less than an hour"),
        (0, "less than an hour"),
        (3599, "less than an hour"),
        (3600, "1 hour"),
        (5 * 3600, "5 hours"),
        (86399, "23 hours"),
        (86400, "1 day"),
        (3 * 86400 + 7, "3 days"),
    ],
)
def test_how_long_a_flag_has_been_open(seconds, words):
    assert safety.how_long(timedelta(seconds=seconds)) == words


@given(st.integers(min_value=0, max_value=10**9))
def test_how_long_never_fails_and_never_says_zero(seconds):
    words = safety.how_long(timedelta(seconds=seconds))
    assert words and not words.startswith("0")
