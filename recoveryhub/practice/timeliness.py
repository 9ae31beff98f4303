"""Whether an action of the plan is on time: the one place red-amber-green is used (each
with words, never colour alone). No database."""

from datetime import date, timedelta

SOON = timedelta(days=30)

ON_TIME, AT_RISK, LATE, DONE, STOPPED = "on time", "at risk", "late", "done", "stopped"
COLOURS = {ON_TIME: "green", AT_RISK: "yellow", LATE: "red", DONE: "grey", STOPPED: "grey"}


def timeliness(status: str, starts_on: date, due_on: date, today: date) -> str:
    """Late once past its due date and not done; at risk when due within 30 days and not
    started, or when it should have started and has not; otherwise on time."""
    if status == "done":
        return DONE
    if status == "stopped":
        return STOPPED
    if today > due_on:
        return LATE
    if status == "planned" and (due_on - today <= SOON or today > starts_on + SOON):
        return AT_RISK
    return ON_TIME


def exceptions(actions, today: date) -> list:
    """The actions a board report raises: late or at risk (objects with the three fields)."""
    return [
        a for a in actions if timeliness(a.status, a.starts_on, a.due_on, today) in (LATE, AT_RISK)
    ]
