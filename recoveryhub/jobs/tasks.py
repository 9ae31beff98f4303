"""The one task the runner enqueues: run a scheduled job's run (see services.perform_run)."""

from recoveryhub.jobs.compat import task


@task()
def run_job(run_id: int) -> dict:
    from recoveryhub.jobs import services

    return services.perform_run(run_id)
