"""When scheduled jobs fall due and when a failed one is tried again (no database).

Time is cut into windows of each job's period, counted from the Unix epoch in UTC,
so every runner (and every pass of one) agrees on which window "now" is in. A job
runs once per window: the unique (job, window start) row enforces it.
"""

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def window_start(now: datetime, every: timedelta) -> datetime:
    """The start of the window of length `every` that `now` falls in."""
    if now.tzinfo is None:
        raise ValueError("window_start needs an aware datetime")
    if every <= timedelta(0):
        raise ValueError("a job's period must be positive")
    elapsed = now.astimezone(UTC) - EPOCH
    return EPOCH + (elapsed // every) * every


def next_window(now: datetime, every: timedelta) -> datetime:
    """The start of the window after the one `now` falls in."""
    return window_start(now, every) + every


def backoff(attempt: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, 3…): base, 2×base,
    4×base… but never more than `cap`."""
    if attempt < 1:
        raise ValueError("attempts are counted from 1")
    # Capping the exponent first keeps the multiplication small for silly attempt counts.
    return min(base * 2 ** min(attempt - 1, 32), cap)
