"""The runner: each scheduled job once per window, failures retried with backoff."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoveryhub.college.models import SentMessage
from recoveryhub.jobs import registry, services
from recoveryhub.jobs.models import JobRun, RunStatus

pytestmark = pytest.mark.django_db


def run_once() -> str:
    out = StringIO()
    call_command("run_jobs", "--once", stdout=out)
    return out.getvalue()


def test_a_job_due_twice_in_one_window_runs_once(daily_jobs):
    first = run_once()
    second = run_once()
    assert first.strip() == f"Ran {len(registry.JOBS)} tasks."
    assert second.strip() == "Ran 0 tasks."
    assert JobRun.objects.count() == len(registry.JOBS)
    assert set(JobRun.objects.values_list("status", flat=True)) == {RunStatus.SUCCEEDED}
    assert DBTaskResult.objects.count() == len(registry.JOBS)
    assert services.runner_last_seen() is not None


def test_the_next_window_runs_again(daily_jobs):
    now = timezone.now()
    assert len(services.enqueue_due(now)) == len(registry.JOBS)
    assert len(services.enqueue_due(now + timedelta(days=1))) == len(registry.JOBS)


def test_a_second_enqueue_for_the_window_leaves_no_task_behind():
    """Two schedulers racing: the loser's insert fails on the unique row, and the task it
    would have enqueued in the same transaction is rolled back with it."""
    now = timezone.now()
    first = services.enqueue_due(now)
    assert {run.job for run in first} == set(registry.BY_NAME)
    assert services.enqueue_due(now) == []
    assert JobRun.objects.count() == DBTaskResult.objects.count() == len(registry.JOBS)


@pytest.mark.django_db(transaction=True)
def test_two_runners_racing_enqueue_each_job_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database takes one writer at a time")
    now = timezone.now()
    barrier = threading.Barrier(4)
    results = []

    def runner():
        try:
            barrier.wait()
            results.append(services.enqueue_due(now))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(r) for r in results) == len(registry.JOBS)
    assert JobRun.objects.count() == DBTaskResult.objects.count() == len(registry.JOBS)


def _after_the_backoff() -> None:
    """Let the retries' backoff pass (as if the clock had moved on), then run once."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_once()


def test_a_failing_send_is_retried_with_backoff_then_fails(
    college, daily_jobs, retries, email_down
):
    started = timezone.now()
    run_once()
    run = JobRun.objects.get(job="college_messages")
    assert run.status == RunStatus.RETRYING and run.attempts == 1
    assert "1 College message could not be sent" in run.last_error
    first_wait = run.next_attempt_at - started
    assert timedelta(seconds=60) <= first_wait < timedelta(seconds=70)
    # The retry waits its turn: an immediate pass runs nothing.
    assert run_once().strip() == "Ran 0 tasks."
    assert DBTaskResult.objects.get(status="READY").run_after == run.next_attempt_at

    before = timezone.now()
    _after_the_backoff()
    run.refresh_from_db()
    assert run.status == RunStatus.RETRYING and run.attempts == 2
    second_wait = run.next_attempt_at - before
    assert timedelta(seconds=120) <= second_wait < timedelta(seconds=130)

    _after_the_backoff()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.attempts == 3
    assert run.next_attempt_at is None
    assert "could not be sent" in run.last_error
    # Nothing more is queued; each attempt's error is also in the task library's record.
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not SentMessage.objects.exists() and mail.outbox == []


def test_a_run_that_raises_is_retried_too(daily_jobs, retries, monkeypatch):
    def broken():
        raise RuntimeError("the plans query broke")

    job = registry.BY_NAME["plan_review_reminders"]
    monkeypatch.setitem(
        registry.BY_NAME, job.name, registry.ScheduledJob(job.name, job.title, job.every, broken)
    )
    run_once()
    run = JobRun.objects.get(job=job.name)
    assert run.status == RunStatus.RETRYING
    assert run.last_error == "RuntimeError: the plans query broke"


def test_trying_again_sends_once_the_email_service_is_back(
    college, daily_jobs, retries, email_down, settings, ops
):
    settings.JOBS_MAX_ATTEMPTS = 1
    run_once()
    run = JobRun.objects.get(job="college_messages")
    assert run.status == RunStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.try_again(run.pk, actor=ops)
    run_once()
    run_once()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.last_error == ""
    assert len(mail.outbox) == 1 and SentMessage.objects.count() == 1


def test_a_run_given_up_on_is_not_tried_again(college, daily_jobs, retries, email_down, ops):
    run_once()
    run = JobRun.objects.get(job="college_messages")
    assert run.status == RunStatus.RETRYING
    services.give_up(run.pk, actor=ops)
    _after_the_backoff()
    run.refresh_from_db()
    assert run.status == RunStatus.GAVE_UP and run.attempts == 1


def test_only_failed_runs_can_be_retried_or_given_up(daily_jobs, ops):
    run_once()
    run = JobRun.objects.first()
    with pytest.raises(services.NotAllowedNowError, match="this one is done"):
        services.try_again(run.pk, actor=ops)
    with pytest.raises(services.NotAllowedNowError, match="this one is done"):
        services.give_up(run.pk, actor=ops)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_refused_check_in_reminder_is_retried_and_then_sent(
    world, daily_jobs, retries, email_down, settings
):
    from recoveryhub.measures.models import ReminderSchedule, ReminderSent

    world.pat.email = "pat@example.com"
    world.pat.save()
    ReminderSchedule.objects.create(
        person=world.pat, instrument="phq9", every_days=14, next_due=timezone.localdate()
    )
    run_once()
    run = JobRun.objects.get(job="check_in_reminders")
    assert run.status == RunStatus.RETRYING
    assert "1 check-in reminder could not be sent" in run.last_error
    assert not ReminderSent.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _after_the_backoff()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1


def test_an_error_naming_a_person_is_kept_without_their_details(daily_jobs, retries, monkeypatch):
    def refused():
        raise ConnectionRefusedError(
            "550 mailbox alex.morgan@example.com unavailable; "
            "call 07700 900123 about NHS number 943 476 5919"
        )

    job = registry.BY_NAME["plan_review_reminders"]
    monkeypatch.setitem(
        registry.BY_NAME, job.name, registry.ScheduledJob(job.name, job.title, job.every, refused)
    )
    run_once()
    run = JobRun.objects.get(job=job.name)
    assert run.status == RunStatus.RETRYING
    assert run.last_error.startswith("ConnectionRefusedError: 550 mailbox [removed] unavailable")
    attempt = DBTaskResult.objects.get(status="FAILED")
    for kept in (run.last_error, attempt.traceback, attempt.exception_class_path):
        for detail in ("alex.morgan", "example.com", "900123", "5919"):
            assert detail not in kept


def _cut_off_mid_run(job: str, attempts: int, started_ago: timedelta) -> JobRun:
    """A run whose runner was killed during its attempt: marked running, nothing queued."""
    return JobRun.objects.create(
        job=job,
        window_start=timezone.now() - timedelta(days=3),
        status=RunStatus.RUNNING,
        attempts=attempts,
        started_at=timezone.now() - started_ago,
    )


def test_a_run_cut_off_by_a_killed_runner_is_tried_again_then_shown_failed(
    daily_jobs, retries, settings
):
    settings.JOBS_ATTEMPT_TIMEOUT = timedelta(hours=1)
    retried = _cut_off_mid_run("plan_review_reminders", 1, timedelta(hours=2))
    exhausted = _cut_off_mid_run("college_messages", 3, timedelta(hours=2))
    still_going = _cut_off_mid_run("check_in_reminders", 1, timedelta(minutes=10))
    run_once()
    for run in (retried, exhausted, still_going):
        run.refresh_from_db()
    assert retried.status == RunStatus.RETRYING and retried.last_error == services.INTERRUPTED
    assert retried.next_attempt_at > timezone.now()
    assert DBTaskResult.objects.filter(args_kwargs__args=[retried.pk], status="READY").exists()
    assert exhausted.status == RunStatus.FAILED and exhausted.last_error == services.INTERRUPTED
    assert still_going.status == RunStatus.RUNNING
    # The retry runs once its backoff has passed, and only once.
    assert services.recover_interrupted() == 0
