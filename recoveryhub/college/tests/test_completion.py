"""The completion rule alone (no database): examples, boundaries and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.college.completion import completion, sessions_needed


@pytest.mark.parametrize(
    ("attended", "run", "completed"),
    [(3, 4, True), (2, 4, False), (4, 4, True), (0, 4, False), (6, 8, True), (5, 8, False),
     (1, 1, True), (0, 1, False), (8, 10, True), (7, 10, False), (3, 3, True), (2, 3, False)],
)  # fmt: skip
def test_the_default_is_three_quarters_of_the_sessions_that_ran(attended, run, completed):
    assert completion(sessions_run=run, attended=attended, run_over=True).completed is completed


def test_nothing_completes_before_the_run_is_over():
    result = completion(sessions_run=4, attended=4, run_over=False)
    assert not result
    assert "has not finished yet" in result.reason
    assert "4 of 4 sessions" in result.reason


def test_no_sessions_run_is_never_a_completion():
    result = completion(sessions_run=0, attended=0, run_over=True)
    assert not result.completed
    assert "No sessions" in result.reason


def test_reasons_say_what_was_needed():
    assert completion(sessions_run=4, attended=3, run_over=True).reason == (
        "Attended 3 of 4 sessions: at least the 75% needed."
    )
    assert "(3 sessions)" in completion(sessions_run=4, attended=2, run_over=True).reason


def test_a_course_can_set_its_own_percentage():
    assert completion(sessions_run=4, attended=2, run_over=True, completion_percent=50)
    assert not completion(sessions_run=4, attended=3, run_over=True, completion_percent=100)


@pytest.mark.parametrize(
    "bad",
    [
        {"sessions_run": 4, "attended": 5},
        {"sessions_run": -1, "attended": 0},
        {"sessions_run": 4, "attended": -1},
        {"sessions_run": 4, "attended": 2, "completion_percent": 0},
        {"sessions_run": 4, "attended": 2, "completion_percent": 101},
    ],
)
def test_impossible_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        completion(run_over=True, **bad)


percents = st.integers(min_value=1, max_value=100)
runs = st.integers(min_value=1, max_value=60)


@given(percent=percents, run=runs, data=st.data())
def test_completing_is_monotonic_in_sessions_attended(percent, run, data):
    attended = data.draw(st.integers(min_value=0, max_value=run - 1))
    before = completion(
        sessions_run=run, attended=attended, run_over=True, completion_percent=percent
    )
    after = completion(
        sessions_run=run, attended=attended + 1, run_over=True, completion_percent=percent
    )
    assert after.completed >= before.completed


@given(run=runs, data=st.data())
def test_a_hundred_percent_needs_every_session(run, data):
    attended = data.draw(st.integers(min_value=0, max_value=run))
    result = completion(sessions_run=run, attended=attended, run_over=True, completion_percent=100)
    assert result.completed is (attended == run)


@given(percent=percents, run=runs, data=st.data())
def test_sessions_needed_is_exactly_the_threshold(percent, run, data):
    needed = sessions_needed(percent, run)
    assert 1 <= needed <= run
    assert completion(sessions_run=run, attended=needed, run_over=True, completion_percent=percent)
    assert not completion(
        sessions_run=run, attended=needed - 1, run_over=True, completion_percent=percent
    )
    # The same as the SQL used by reach and money: present * 100 >= percent * run.
    attended = data.draw(st.integers(min_value=0, max_value=run))
    expected = attended * 100 >= percent * run
    assert (
        completion(
            sessions_run=run, attended=attended, run_over=True, completion_percent=percent
        ).completed
        is expected
    )


@given(percent=percents, run=runs, data=st.data())
def test_never_complete_while_the_run_is_going(percent, run, data):
    attended = data.draw(st.integers(min_value=0, max_value=run))
    assert not completion(
        sessions_run=run, attended=attended, run_over=False, completion_percent=percent
    )
