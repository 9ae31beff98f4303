"""The schedule's arithmetic, alone (no database)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoveryhub.jobs import schedule

MINUTES = st.integers(min_value=1, max_value=7 * 24 * 60).map(lambda m: timedelta(minutes=m))
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def test_windows_are_aligned_to_the_clock():
    now = datetime(2026, 12, 6, 11, 23, 29, tzinfo=UTC)
    assert schedule.window_start(now, timedelta(minutes=15)) == datetime(
        2026, 12, 6, 11, 15, tzinfo=UTC
    )
    assert schedule.window_start(now, timedelta(hours=1)) == datetime(2026, 12, 6, 11, tzinfo=UTC)
    assert schedule.next_window(now, timedelta(minutes=5)) == datetime(
        2026, 12, 6, 11, 25, tzinfo=UTC
    )


@given(MOMENTS, MINUTES)
def test_every_moment_is_in_exactly_one_window(now, every):
    start = schedule.window_start(now, every)
    assert start <= now < start + every
    # Any other moment in the same window gives the same start: so one run per window.
    assert schedule.window_start(start + (now - start) / 2, every) == start
    assert schedule.window_start(start + every, every) == start + every


def test_windows_ignore_the_time_zone_a_moment_is_written_in():
    from zoneinfo import ZoneInfo

    utc = datetime(2026, 7, 1, 10, 7, tzinfo=UTC)
    london = utc.astimezone(ZoneInfo("Europe/London"))
    assert schedule.window_start(london, timedelta(minutes=15)) == schedule.window_start(
        utc, timedelta(minutes=15)
    )


def test_backoff_doubles_up_to_its_cap():
    base, cap = timedelta(minutes=1), timedelta(minutes=10)
    waits = [schedule.backoff(n, base=base, cap=cap) for n in range(1, 7)]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 10, 10)]
    assert schedule.backoff(10_000, base=base, cap=cap) == cap


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: schedule.window_start(datetime(2026, 1, 1), timedelta(minutes=5)), "aware"),
        (lambda: schedule.window_start(datetime.now(UTC), timedelta(0)), "positive"),
        (lambda: schedule.backoff(0, base=timedelta(1), cap=timedelta(2)), "from 1"),
    ],
)
def test_nonsense_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()
