"""Which names are probably the same person's: pure, no database."""

import pytest

from recoveryhub.people.likely_duplicates import name_parts, names_alike


def alike(a: str, b: str) -> bool:
    return names_alike(name_parts(a), name_parts(b))


def test_name_parts_drop_case_accents_apostrophes_and_repeats():
    assert name_parts("Zoë O'Brien-Hall", "zoe") == ["zoe", "obrien", "hall"]
    assert name_parts("  ", "") == []


@pytest.mark.parametrize(
    ("entered", "held"),
    [
        ("John Smith", "John Smith"),
        ("Smith John", "John Smith"),  # in any order
        ("Smith, John", "John Smith"),
        ("Jon Smyth", "John Smith"),  # spelt differently
        ("Alex Morgan", "Alexandra Morgan"),  # shortened
        ("Mohammed Khan", "Muhammad Khan"),
        ("Zoe OBrien", "Zoë O'Brien"),
        ("Mary Lee", "Mary Ann Lee"),  # a middle name left out
        ("Pat", "Patricia Jones"),  # only one name given
    ],
)
def test_names_alike(entered, held):
    assert alike(entered, held)
    assert alike(held, entered)


@pytest.mark.parametrize(
    ("entered", "held"),
    [
        ("John Smith", "James Smith"),  # same family, another person
        ("John Smith", "John Jones"),
        ("Li Wei", "Lee Way"),
        ("", "John Smith"),
    ],
)
def test_names_not_alike(entered, held):
    assert not alike(entered, held)
