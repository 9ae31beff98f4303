"""Who may reach the job runner's pages and the health endpoints (read by core's access matrix)."""

NO_ARGS = lambda w: []  # noqa: E731


def _runner_seen(world):
    # Ready is 503 until the runner has been seen; the matrix asks about access, so beat first.
    from recoveryhub.jobs import services

    services.beat()
    return []


def _a_failed_run(world):
    from django.utils import timezone

    from recoveryhub.jobs.models import JobRun, RunStatus

    run = JobRun.objects.create(
        job="college_messages", window_start=timezone.now(), status=RunStatus.FAILED
    )
    return [run.pk]


MATRIX = {
    "jobs:runner": (NO_ARGS, {"admin"}),
    "jobs:try_again": (_a_failed_run, "post only"),
    "jobs:give_up": (_a_failed_run, "post only"),
    "health_live": (NO_ARGS, "public"),
    "health_ready": (_runner_seen, "public"),
}
