"""Whether a student completed a course: the rule for a certificate of attendance.

A student with a confirmed place completes a run once its last session that went
ahead has ended, if they were marked present at `completion_percent` of the sessions
that went ahead (75% unless the course says otherwise). Cancelled sessions do not
count. The reach and money figures use the same rule in SQL:

    completed = enrolment confirmed
                and the run's last non-cancelled session has ended
                and present * 100 >= completion_percent * sessions_run

Whole numbers only (no rounding): 3 of 4 at 75% completes, 2 of 4 does not.
No database access.
"""

from dataclasses import dataclass

DEFAULT_PERCENT = 75


@dataclass(frozen=True)
class Completion:
    completed: bool
    reason: str  # plain English, for the student or staff

    def __bool__(self) -> bool:
        return self.completed


def sessions_needed(completion_percent: int, sessions_run: int) -> int:
    """The fewest sessions attended that complete the course: ceil(percent * run / 100)."""
    return -(-completion_percent * sessions_run // 100)


def _sessions(n: int) -> str:
    return f"{n} session{'' if n == 1 else 's'}"


def completion(
    *,
    sessions_run: int,
    attended: int,
    run_over: bool,
    completion_percent: int = DEFAULT_PERCENT,
) -> Completion:
    """Completed or not, and why. `sessions_run` counts the sessions not cancelled,
    `attended` those of them the student was marked present at."""
    if not 1 <= completion_percent <= 100:
        raise ValueError("completion_percent must be from 1 to 100")
    if sessions_run < 0 or attended < 0:
        raise ValueError("session counts cannot be negative")
    if attended > sessions_run:
        raise ValueError("a student cannot attend more sessions than ran")
    needed = sessions_needed(completion_percent, sessions_run)
    of = f"{attended} of {_sessions(sessions_run)}"
    if sessions_run == 0:
        return Completion(False, "No sessions of this course have taken place.")
    if not run_over:
        return Completion(
            False,
            f"The course has not finished yet. So far: {of}. Completing it needs at least "
            f"{completion_percent}% of the sessions that take place.",
        )
    if attended * 100 >= completion_percent * sessions_run:
        return Completion(True, f"Attended {of}: at least the {completion_percent}% needed.")
    return Completion(
        False,
        f"Attended {of}. Completing the course needed at least {completion_percent}% "
        f"of the sessions that took place ({_sessions(needed)}).",
    )
