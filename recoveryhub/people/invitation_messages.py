"""Invitation emails, sent by the job runner once the worker's request has committed.

The link is made here, as the email is sent, so it exists only in the person's mailbox:
never on the worker's screen, in a log or in the database (only its hash is kept). As
with College messages (college/messages.py), each email is claimed, sent and committed
in one transaction: if the email service refuses, nothing is kept and the next run tries
again; a run that finds it already sent sends nothing. Safe to run as often as you like.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoveryhub.core.presenters import long_date

from .models import Invitation

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0  # the email service refused; tried again on the next run


def invitation_email(invitation: Invitation, link: str) -> tuple[str, str]:
    """Only their name and the link: nothing from their record."""
    name = invitation.person.short_name
    return (
        "Your invitation to Recovery Hub",
        f"Hello {name},\n\n"
        "Your team has invited you to Recovery Hub, where you can see and keep your own "
        f"record.\n\nTo make your sign-in, open this link:\n{link}\n\n"
        "We will ask for your date of birth, to check the invitation is yours. The link "
        f"works once, and stops working on {long_date(invitation.expires_at)}.\n\n"
        "If you were not expecting this email, do not use the link. You can ignore it, "
        "or tell your team.\n",
    )


def send_due_invitations() -> Outcome:
    return send_each_unsent(Invitation, _send, "An invitation")


def send_each_unsent(model, send, what: str) -> Outcome:
    """Every unsent invitation of `model`, in batches by id; `send(pk, connection)` claims,
    sends and commits one in one transaction, so a refused send keeps nothing and the next
    run tries again, and one already sent is not sent twice."""
    outcome = Outcome()
    connection = get_connection()
    last = 0
    while True:
        unsent = model.objects.unsent().filter(pk__gt=last).order_by("pk")
        batch = list(unsent.values_list("pk", flat=True)[:BATCH])
        if not batch:
            return outcome
        last = batch[-1]
        for pk in batch:
            try:
                outcome.sent += send(pk, connection)
            except Exception:
                # Never log the address or the body: the link is in it.
                logger.exception("%s could not be sent; will try again", what)
                outcome.failed += 1


def _send(pk: int, connection) -> bool:
    with transaction.atomic():
        invitation = (
            Invitation.objects.unsent().select_for_update().select_related("person").filter(pk=pk)
        ).first()
        if invitation is None:
            return False  # sent or withdrawn by another run meanwhile
        if invitation.person.user_id is not None:
            invitation.withdrawn_at = timezone.now()
            invitation.save(update_fields=["withdrawn_at"])
            return False
        token = invitation.make_link_token()
        invitation.save(update_fields=["token_hash", "sent_at"])
        link = f"{settings.SITE_URL}{reverse('people:accept_invitation', args=[token])}"
        subject, body = invitation_email(invitation, link)
        EmailMessage(subject, body, to=[invitation.email], connection=connection).send()
    return True
