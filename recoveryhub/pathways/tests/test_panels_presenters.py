"""The interview panel pages' words (presenters_panels.py): refresher warnings, money,
debriefs given, and what happens next for each reader. No database."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.pathways import presenters_panels as present

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("days", "text"),
    [(-1, "Lapsed"), (0, "Lapsed"), (1, "Due soon"), (60, "Due soon"), (61, None)],
)
def test_refresher_warnings(days, text):
    tag = present.refresher_tag(TODAY + timedelta(days), TODAY)
    assert (tag.text if tag else None) == text


@given(st.integers(min_value=1, max_value=100_000))
def test_pounds_read_back_to_the_same_pence(pence):
    words = present.pounds(pence)
    assert words.startswith("£")
    assert round(float(words[1:].replace(",", "")) * 100) == pence


def test_pounds_and_availability_in_words():
    assert present.pounds(2500) == "£25"
    assert present.pounds(1205) == "£12.05"
    assert present.pounds(100_000) == "£1,000"
    slots = ["weekends", "weekday_mornings"]
    assert present.availability_words(slots) == "Weekday mornings, Weekends"
    assert present.availability_words([]) == "Not given"


def test_debriefs_given():
    assert present.debriefs_given("a", "b") == "Member and chair"
    assert present.debriefs_given("a", "") == "Member only"
    assert present.debriefs_given("", "b") == "Chair only"
    assert present.debriefs_given("", "") == "None yet"


@dataclass
class Booking:
    on: date
    status: str = "booked"
    place: str = "March"
    member_debrief: str = ""
    chair_debrief: str = ""


MEMBER = present.Reader(is_member=True, is_chair=False, name="Pat")
CHAIR = present.Reader(is_member=False, is_chair=True, name="Pat")
TEAM = present.Reader(is_member=False, is_chair=False, name="Pat")


def test_before_the_panel_each_reader_is_told_where_to_go():
    soon = Booking(on=TODAY + timedelta(7))
    assert (
        present.next_steps(soon, MEMBER, TODAY, paid=False)[0] == "Go to March on 17 March 2026."
    )
    assert present.next_steps(soon, TEAM, TODAY, paid=True)[0].startswith("Pat goes to March")
    assert (
        "records your involvement payment"
        in present.next_steps(soon, MEMBER, TODAY, paid=False)[-1]
    )
    assert "records Pat's involvement" in present.next_steps(soon, TEAM, TODAY, paid=False)[-1]


def test_after_the_panel_each_reader_is_asked_for_what_is_missing():
    held = Booking(on=TODAY)
    assert present.next_steps(held, MEMBER, TODAY, paid=True) == [
        "Write a few words about how the panel went.",
        "Waiting for a debrief from the chair.",
    ]
    assert present.next_steps(held, CHAIR, TODAY, paid=True) == [
        "Write a few words about how the panel went.",
        "Waiting for a debrief from Pat.",
    ]
    assert present.next_steps(held, TEAM, TODAY, paid=True) == [
        "Waiting for a debrief from Pat and the chair."
    ]
    both = Booking(on=TODAY, status="done", member_debrief="a", chair_debrief="b")
    assert present.next_steps(both, TEAM, TODAY, paid=True) == []


def test_a_cancelled_panel_has_nothing_next():
    gone = Booking(on=TODAY, status="cancelled")
    assert present.next_steps(gone, MEMBER, TODAY, paid=False) == [
        "This panel was cancelled, so nothing more happens with it."
    ]
