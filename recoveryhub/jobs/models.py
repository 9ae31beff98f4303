"""Runs of scheduled jobs, and when the runner was last seen.

The task library (django-tasks' database backend) keeps each attempt's result; a
JobRun is the one thing an admin cares about: this job, for this window, did it go?
"""

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    RETRYING = "retrying", "Failed, will try again"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"
    GAVE_UP = "gave_up", "Given up"


class JobRun(models.Model):
    job = models.CharField(max_length=64)
    # One row per job per window: a second enqueue for the same window fails to insert.
    window_start = models.DateTimeField()
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)  # of the latest attempt
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "window_start"], name="one_run_per_job_window")
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["job", "-window_start"])]

    def __str__(self):
        return f"{self.job} at {self.window_start:%Y-%m-%d %H:%M}"


class RunnerHeartbeat(models.Model):
    """One row per runner name; `run_jobs` updates it on every pass."""

    name = models.CharField(max_length=64, primary_key=True)
    last_seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} last seen at {self.last_seen_at}"
