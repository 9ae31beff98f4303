"""The College's tasks for the job runner (recoveryhub/jobs)."""

from recoveryhub.jobs.compat import task


@task()
def send_registration_email(pending_id: int) -> dict:
    from .registration import send_email

    return {"sent": send_email(pending_id)}
