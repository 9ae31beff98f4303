"""Health endpoints for load balancers and monitoring: no sign-in, no personal data, cheap.

- /health/live: the process is up and answering (no database).
- /health/ready: the database answers, every migration is applied and the job runner
  has been seen lately. 503 with the failing check named otherwise.

Two small queries (SELECT 1 and the runner's heartbeat), plus two for the migration
table until migrations have been seen applied once in this process.
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Migrations only change on a deploy, which restarts the process: once they are all
# applied, there is no need to ask again.
_migrations_applied = False


@login_not_required
@require_safe
@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@never_cache
def ready(request):
    checks = {"database": _database(), "migrations": "not checked", "job_runner": "not checked"}
    if checks["database"] == "ok":
        try:
            checks["migrations"] = _migrations()
            checks["job_runner"] = _job_runner()
        except DatabaseError:
            logger.exception("Health check: the database failed part-way")
            checks["database"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Logged without details: the message can name the host and user.
        logger.warning("Health check: the database did not answer")
        return "unavailable"
    return "ok"


def _migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} migration{'s' if len(plan) != 1 else ''} not applied"
        _migrations_applied = True
    return "ok"


def _job_runner() -> str:
    from recoveryhub.jobs.services import runner_last_seen

    last_seen = runner_last_seen()
    if last_seen is None:
        return "never seen"
    if timezone.now() - last_seen > settings.JOBS_RUNNER_STALE_AFTER:
        return f"not seen since {last_seen.isoformat(timespec='seconds')}"
    return "ok"
