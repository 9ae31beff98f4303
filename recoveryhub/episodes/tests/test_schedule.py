"""The pure rules: which status moves are allowed, and the dates an episode works to."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.episodes import schedule
from recoveryhub.episodes.models import OPEN, Status


@pytest.mark.parametrize("final", [Status.FINISHED, Status.CANCELLED, Status.ENTERED_IN_ERROR])
def test_final_statuses_never_move(final):
    assert schedule.moves_from(final) == set()
    assert not any(schedule.may_move(final, to) for to in Status.values)


def test_finishing_is_never_a_bare_move():
    # Ending records why and what next (services.end_episode), so no move reaches it.
    assert not any(schedule.may_move(status, Status.FINISHED) for status in Status.values)


def test_an_active_episode_is_not_cancelled_but_ended():
    assert not schedule.may_move(Status.ACTIVE, Status.CANCELLED)
    assert schedule.may_move(Status.WAITLIST, Status.CANCELLED)
    assert schedule.may_move(Status.ACTIVE, Status.ONHOLD)
    assert schedule.may_move(Status.ONHOLD, Status.ACTIVE)


def test_every_open_status_can_be_marked_entered_in_error():
    assert all(schedule.may_move(status, Status.ENTERED_IN_ERROR) for status in OPEN)


def test_planned_end_and_first_review():
    start = date(2026, 3, 2)
    assert schedule.planned_end(start, 6) == date(2026, 4, 13)
    assert schedule.first_review(start, 6) == date(2026, 3, 23)  # half-way
    assert schedule.first_review(start, 1) == date(2026, 3, 9)  # never sooner than a week


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 7), 12, date(2027, 12, 7)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_months_from(day, months, expected):
    assert schedule.months_from(day, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 36))
def test_months_from_is_never_before_and_lands_in_the_right_month(day, months):
    later = schedule.months_from(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_days_between_is_never_negative():
    assert schedule.days_between(date(2026, 3, 10), date(2026, 3, 1)) == 0
    assert schedule.days_between(date(2026, 3, 1), date(2026, 3, 10)) == 9
