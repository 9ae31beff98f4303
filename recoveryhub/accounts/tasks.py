"""Account emails sent by the job runner (recoveryhub/jobs), after the response, so a
page takes as long whether or not an address has an account."""

from recoveryhub.jobs.compat import task


@task()
def send_password_reset(user_id: int | None) -> dict:
    from .password_reset import send

    return {"sent": send(user_id)}
