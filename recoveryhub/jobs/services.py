"""The job runner's operations: enqueue what is due, run what is queued, retry, give up.

A scheduled job runs once per window (schedule.py): the JobRun row for (job, window) is
inserted in the same transaction as the task that runs it, so two schedulers racing
enqueue it once. A run that raises is tried again after an exponential backoff up to
settings.JOBS_MAX_ATTEMPTS, then stays failed, with its error, until an admin tries it
again or gives up on it. Running a job twice never sends twice: every send is recorded
once per message by the job itself.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import registry, schedule
from .models import JobRun, RunnerHeartbeat, RunStatus
from .redact import describe
from .tasks import run_job

logger = logging.getLogger(__name__)

RUNNER = "run_jobs"
ERROR_LIMIT = 2000


class AttemptFailedError(Exception):
    """A job's attempt failed; its message says why with personal data taken out."""


class NotAllowedNowError(Exception):
    """The run is not in a state where this makes sense (for example, it already succeeded)."""


def _attempts_allowed() -> int:
    return settings.JOBS_MAX_ATTEMPTS


def _backoff(attempt: int) -> timedelta:
    return schedule.backoff(
        attempt,
        base=timedelta(seconds=settings.JOBS_RETRY_BASE_SECONDS),
        cap=timedelta(seconds=settings.JOBS_RETRY_MAX_SECONDS),
    )


def _enqueue(run: JobRun, run_after: datetime | None = None) -> None:
    task = run_job.using(run_after=run_after) if run_after else run_job
    task.enqueue(run.pk)


def enqueue_due(now: datetime | None = None) -> list[JobRun]:
    """Enqueue every scheduled job whose current window has no run yet."""
    now = now or timezone.now()
    enqueued = []
    for job in registry.JOBS:
        start = schedule.window_start(now, job.every)
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, window_start=start)
                _enqueue(run)
        except IntegrityError:
            continue  # this window's run exists: another pass or runner got here first
        enqueued.append(run)
    return enqueued


def perform_run(run_id: int, now: datetime | None = None) -> dict:
    """Run one attempt of a JobRun (the task calls this). Raises if the job fails, after
    scheduling the next attempt, so the task library records the attempt as failed too."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (RunStatus.QUEUED, RunStatus.RETRYING):
            # Given up on, or already done by another attempt: nothing to do.
            return {"skipped": True}
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.next_attempt_at = None
        run.started_at = timezone.now()
        run.save(update_fields=["status", "attempts", "next_attempt_at", "started_at"])
    try:
        result = registry.get(run.job).run()
    except Exception as exc:
        error = describe(exc, ERROR_LIMIT)
        _record_failure(run, error, now or timezone.now())
        # The task library keeps its own record of the attempt: give it the redacted
        # error, not the original (whose message and chain may name a person).
        raise AttemptFailedError(error) from None
    JobRun.objects.filter(pk=run.pk).update(
        status=RunStatus.SUCCEEDED, result=result, last_error="", finished_at=timezone.now()
    )
    return result


def _record_failure(run: JobRun, error: str, now: datetime) -> None:
    with transaction.atomic():
        if run.attempts < _attempts_allowed():
            retry_at = now + _backoff(run.attempts)
            JobRun.objects.filter(pk=run.pk).update(
                status=RunStatus.RETRYING, last_error=error, next_attempt_at=retry_at
            )
            _enqueue(run, run_after=retry_at)
            logger.warning(
                "Job %s attempt %s failed; trying again at %s", run, run.attempts, retry_at
            )
        else:
            JobRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, last_error=error, finished_at=now
            )
            logger.error("Job %s failed after %s attempts: %s", run, run.attempts, error)


INTERRUPTED = "The runner stopped during this attempt (it was stopped or its machine restarted)."


def recover_interrupted(now: datetime | None = None) -> int:
    """Count attempts cut off mid-run as failed, so they are tried again or shown as failed,
    instead of staying "Running" for ever. Returns how many were found."""
    now = now or timezone.now()
    cut_off = now - settings.JOBS_ATTEMPT_TIMEOUT
    found = 0
    stale = JobRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=cut_off)
    for run_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            run = JobRun.objects.select_for_update().filter(pk=run_id).first()
            if run is None or run.status != RunStatus.RUNNING or run.started_at >= cut_off:
                continue  # it finished, or started again, meanwhile
            _record_failure(run, INTERRUPTED, now)
            found += 1
    return found


def run_queued(*, worker_id: str = RUNNER, stop=lambda: False, limit: int = 100) -> int:
    """Run tasks that are ready, one at a time, until none are left, `stop()` says so or
    `limit` have run. Returns how many ran."""
    alias = run_job.backend
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and not stop():
        ready = DBTaskResult.objects.ready().filter(backend_name=alias)
        with exclusive_transaction(ready.db):
            db_result = ready.get_locked()
            if db_result is None:
                break
            db_result.claim(worker_id)
        # The library records success or the error (and traceback) of this attempt.
        worker.run_task(db_result)
        ran += 1
    return ran


def beat(name: str = RUNNER, now: datetime | None = None) -> None:
    RunnerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen_at": now or timezone.now()}
    )


def runner_last_seen(name: str = RUNNER) -> datetime | None:
    return RunnerHeartbeat.objects.filter(name=name).values_list("last_seen_at", flat=True).first()


def queue_length() -> int:
    """Tasks waiting to run now or later (retries waiting out their backoff included)."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


@transaction.atomic
def try_again(run_id: int, *, actor) -> JobRun:
    """Put a failed run back in the queue for a fresh set of attempts."""
    run = JobRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        raise JobRun.DoesNotExist
    if run.status != RunStatus.FAILED:
        raise NotAllowedNowError(
            "Only a failed run can be tried again; "
            f"this one is {run.get_status_display().lower()}."
        )
    before = run.status
    run.status = RunStatus.QUEUED
    run.attempts = 0
    run.finished_at = None
    run.save(update_fields=["status", "attempts", "finished_at"])
    _audited(run, before)
    _enqueue(run)
    logger.info("User %s asked to try job run %s (%s) again", actor.pk, run.pk, run)
    return run


@transaction.atomic
def give_up(run_id: int, *, actor) -> JobRun:
    """Stop trying a failed (or retrying) run; it is kept, marked as given up."""
    run = JobRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None:
        raise JobRun.DoesNotExist
    if run.status not in (RunStatus.FAILED, RunStatus.RETRYING):
        raise NotAllowedNowError(
            "Only a failed run can be given up on; "
            f"this one is {run.get_status_display().lower()}."
        )
    before = run.status
    run.status = RunStatus.GAVE_UP
    run.next_attempt_at = None
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "next_attempt_at", "finished_at"])
    _audited(run, before)
    logger.info("User %s gave up on job run %s (%s)", actor.pk, run.pk, run)
    return run


def _audited(run: JobRun, before: str) -> None:
    """An admin's decision about a run is an administrative change: in the audit trail,
    in the same transaction. (The runner's own writes to runs are not: they are the
    runner's log, shown on the runner page.)"""
    from recoveryhub.audit import trail
    from recoveryhub.audit.models import AuditAction

    trail.write_many(
        JobRun, AuditAction.CHANGE, [(run.pk, str(run), {"status": [before, run.status]})]
    )
