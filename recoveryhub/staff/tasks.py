"""Emails about a sign-in, sent by the job runner after the change is committed."""

from recoveryhub.jobs.compat import task


@task()
def send_sign_in_email(user_id: int) -> dict:
    from .emails import send_sign_in_email

    return {"sent": send_sign_in_email(user_id)}


@task()
def send_recovery_notice(recovery_id: int) -> dict:
    from .emails import send_recovery_notice

    return {"sent": send_recovery_notice(recovery_id)}


@task()
def send_break_glass_alert(opening_id: int) -> dict:
    from .emails import send_break_glass_alert

    return {"sent": send_break_glass_alert(opening_id)}
