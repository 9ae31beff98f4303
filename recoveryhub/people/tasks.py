"""Sends an invitation as soon as the worker's request commits; the scheduled
'invitations' job (jobs/registry.py) catches any this could not send."""

from recoveryhub.jobs.compat import task


@task()
def send_invitations() -> dict:
    from .invitation_messages import send_due_invitations

    return {"sent": send_due_invitations().sent}
