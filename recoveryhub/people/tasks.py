"""Sends an invitation as soon as the worker's request commits; the scheduled
'invitations' job (jobs/registry.py) catches any this could not send."""

from recoveryhub.jobs.compat import task


@task()
def send_invitations() -> dict:
    from .invitation_messages import send_due_invitations

    return {"sent": send_due_invitations().sent}


@task()
def send_carer_invitations() -> dict:
    """Sends a carer invitation as soon as the person's (or their worker's) request commits."""
    from .carer_invitations import send_due_invitations

    return {"sent": send_due_invitations().sent}
