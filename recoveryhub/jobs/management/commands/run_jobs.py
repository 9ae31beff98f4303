import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string

from recoveryhub.jobs import services

logger = logging.getLogger("recoveryhub.jobs")


class Command(BaseCommand):
    help = (
        "Run the background job runner: enqueue scheduled jobs that are due, run queued "
        "tasks and record that the runner is alive, then sleep a little and do it again. "
        "Stop it with SIGTERM or Ctrl+C: it finishes the task in hand first. With --once it "
        "does one pass and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do one pass, then exit.")
        parser.add_argument(
            "--sleep",
            type=float,
            default=None,
            help="Seconds between passes (default: settings.JOBS_RUNNER_SLEEP_SECONDS).",
        )

    def handle(self, *args, once=False, sleep=None, **options):
        self.stopping = False
        self.worker_id = f"{services.RUNNER}-{get_random_string(8)}"
        if once:
            ran = self.one_pass()
            self.stdout.write(f"Ran {ran} task{'s' if ran != 1 else ''}.")
            return
        pause = settings.JOBS_RUNNER_SLEEP_SECONDS if sleep is None else max(sleep, 0.1)
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"Job runner {self.worker_id} started; stop it with Ctrl+C.")
        try:
            while not self.stopping:
                # Like a request: drop connections the database has closed or that are too old.
                close_old_connections()
                try:
                    self.one_pass()
                except DatabaseError:
                    # The database may be restarting: keep going, it is checked again next pass.
                    logger.exception("The job runner could not reach the database")
                self.nap(pause)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Job runner stopped.")

    def one_pass(self) -> int:
        services.beat()
        services.recover_interrupted()
        services.enqueue_due()
        ran = services.run_queued(worker_id=self.worker_id, stop=lambda: self.stopping)
        services.beat()
        return ran

    def stop(self, signum, frame):
        if self.stopping:  # asked twice: stop now, even in the middle of a task
            raise SystemExit(1)
        logger.info("Job runner stopping after the task in hand (%s)", signal.strsignal(signum))
        self.stopping = True

    def nap(self, seconds: float) -> None:
        # In short steps so a stop request is noticed within a fraction of a second.
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.2, end - time.monotonic()))
