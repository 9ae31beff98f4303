"""What the runner page shows about each scheduled job and run (display only)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from . import schedule
from .models import JobRun, RunStatus
from .registry import ScheduledJob

TAG_COLOURS = {
    RunStatus.QUEUED: "nhsuk-tag--grey",
    RunStatus.RUNNING: "nhsuk-tag--blue",
    RunStatus.RETRYING: "nhsuk-tag--orange",
    RunStatus.SUCCEEDED: "nhsuk-tag--green",
    RunStatus.FAILED: "nhsuk-tag--red",
    RunStatus.GAVE_UP: "nhsuk-tag--grey",
}


def when(value: datetime | None) -> str:
    """'6 December 2026 at 11:30', in UK time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def every(job: ScheduledJob) -> str:
    minutes = int(job.every.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return "every hour" if hours == 1 else f"every {hours} hours"
    return f"every {minutes} minutes"


@dataclass
class JobRow:
    job: ScheduledJob
    last_run: JobRun | None
    next_due: str

    @property
    def every_words(self) -> str:
        return every(self.job)

    @property
    def tag_class(self) -> str:
        return TAG_COLOURS[self.last_run.status] if self.last_run else ""


def job_row(job: ScheduledJob, last_run: JobRun | None, now: datetime) -> JobRow:
    if last_run is not None and last_run.window_start >= schedule.window_start(now, job.every):
        next_due = when(schedule.next_window(now, job.every))
    else:
        next_due = "Now (on the runner's next pass)"
    return JobRow(job, last_run, next_due)


def runner_state(last_seen: datetime | None, now: datetime, stale_after) -> tuple[str, str]:
    """Words and tag colour for the runner's heartbeat."""
    if last_seen is None:
        return "Never seen: start it with manage.py run_jobs", "nhsuk-tag--red"
    if now - last_seen > stale_after:
        return f"Not seen since {when(last_seen)}", "nhsuk-tag--red"
    return f"Running (last seen {when(last_seen)})", "nhsuk-tag--green"
