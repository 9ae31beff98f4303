"""Carers by invitation from the person: the only way a carer comes to be linked to them.

The person (or a worker with them, which their access log shows) invites someone by
email. The job runner makes the one-time link as it sends the email (only its hash is
kept), as for a person's own invitation (services.invite). The carer accepts with a new
sign-in or their own existing one; the CarerLink then made shares nothing until the
person chooses (services.set_carer_sharing), and no one else can choose for them.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role
from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.governance import services as privacy

from . import tasks
from .invitation_messages import Outcome, send_each_unsent
from .models import CarerInvitation, CarerLink, Person
from .services import existing_account


class CarerInvitationRefusedError(Exception):
    """It cannot be sent or used; the message says why, for the page."""


class CarerInvitationGoneError(Exception):
    """The link is used, withdrawn, stopped or expired: `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class WrongPasswordError(Exception):
    def __init__(self, message: str, *, stopped: bool):
        super().__init__(message)
        self.message, self.stopped = message, stopped


def _is_staff(account: User) -> bool:
    return account.is_staff or account.is_superuser or account.is_staff_role


def _already_cares(account: User | None, email: str, cared_for: Person) -> bool:
    links = CarerLink.objects.filter(cared_for=cared_for)
    if account is not None and links.filter(carer__user=account).exists():
        return True
    return links.filter(carer__email__iexact=email).exists()


def invitation_problem(cared_for: Person, email: str, *, own: bool) -> str | None:
    """Why no carer invitation can go to this address, in words for the person (`own`)
    or for the worker with them."""
    email = User.objects.normalize_email(email)
    account = existing_account(email)
    yours = "your" if own else "their"
    if (account is not None and account.pk == cared_for.user_id) or (
        cared_for.email and cared_for.email.lower() == email.lower()
    ):
        return f"This is {yours} own email address. Enter the email address of the carer."
    if account is not None and _is_staff(account):
        return (
            "This email address belongs to a member of staff's sign-in. Carers need their "
            "own personal email address."
        )
    if _already_cares(account, email, cared_for):
        return f"The person with this email address is already one of {yours} carers."
    return None


@transaction.atomic
def invite(
    cared_for: Person, *, carer_name: str, relationship: str, email: str, actor, route: str
) -> CarerInvitation:
    """Ask for an invitation to be emailed to the carer. A new one to the same address
    stops any earlier link to it working. A worker sending it with the person is written
    to the person's access log (the person's own is not)."""
    cared_for = Person.objects.select_for_update().get(pk=cared_for.pk)
    own = actor.pk == cared_for.user_id
    problem = invitation_problem(cared_for, email, own=own)
    if problem:
        raise CarerInvitationRefusedError(problem)
    email = User.objects.normalize_email(email)
    cared_for.carer_invitations.open().filter(email__iexact=email).update(
        withdrawn_at=timezone.now()
    )
    invitation = CarerInvitation.request(
        cared_for=cared_for,
        carer_name=carer_name,
        relationship=relationship,
        email=email,
        created_by=actor,
    )
    access_log.record(
        actor=actor, person=cared_for, action=AccessAction.CHANGE, obj=invitation, route=route
    )
    transaction.on_commit(tasks.send_carer_invitations.enqueue, robust=True)
    return invitation


@transaction.atomic
def withdraw(invitation: CarerInvitation, *, actor) -> CarerInvitation:
    """Only the person withdraws their invitation; its link stops working at once."""
    invitation = CarerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.cared_for.user_id != actor.pk:
        raise PermissionDenied
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at, invitation.withdrawn_by = timezone.now(), actor
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return invitation


def gone_reason(invitation: CarerInvitation | None) -> str | None:
    """'used', 'withdrawn', 'stopped', 'expired' or 'unknown'; None while it can be used."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "used"
    if invitation.withdrawn_at is not None:
        stopped = invitation.wrong_answers >= CarerInvitation.MAX_WRONG_ANSWERS
        return "stopped" if stopped else "withdrawn"
    if invitation.is_expired:
        return "expired"
    return None


def acceptance_problem(invitation: CarerInvitation) -> str | None:
    account = existing_account(invitation.email)
    name = invitation.cared_for.short_name
    if account is not None and _is_staff(account):
        return (
            "The email address it was sent to belongs to a member of staff's sign-in, which "
            f"cannot be used as a carer. Ask {name} to invite you at your personal email address."
        )
    if account is not None and account.pk == invitation.cared_for.user_id:
        return "This invitation was sent to the sign-in of the person who sent it."
    if _already_cares(account, invitation.email, invitation.cared_for):
        return f"You are already one of {name}'s carers. Sign in to see what they share with you."
    return None


def accept(token: str, *, full_name: str, password: str) -> User:
    """Link the carer to the person: with a new sign-in for the invited address, or the one
    it already has (with its password); the caller's form has had the privacy notice
    accepted, which is recorded with the link. Wrong passwords count in their own transaction so
    they stick; a few stop the link."""
    with transaction.atomic():
        found = CarerInvitation.objects.for_token(token)
        reason = gone_reason(found)
        if reason:
            raise CarerInvitationGoneError(reason)
        # Locked, so two tabs cannot both accept it, nor both miscount.
        invitation = (
            CarerInvitation.objects.select_for_update()
            .select_related("cared_for")
            .get(pk=found.pk)
        )
        reason = gone_reason(invitation)
        if reason:
            raise CarerInvitationGoneError(reason)
        problem = acceptance_problem(invitation)
        if problem:
            raise CarerInvitationRefusedError(problem)
        account = existing_account(invitation.email)
        if account is None or account.check_password(password):
            return _link(invitation, account, full_name, password)
        invitation.wrong_answers += 1
        stopped = invitation.wrong_answers >= CarerInvitation.MAX_WRONG_ANSWERS
        if stopped:
            invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["wrong_answers", "withdrawn_at"])
    left = CarerInvitation.MAX_WRONG_ANSWERS - invitation.wrong_answers
    tries = f"{left} more {'try' if left == 1 else 'tries'}"
    raise WrongPasswordError(
        f"The password is not right for your sign-in. You have {tries}", stopped=stopped
    )


def _link(invitation: CarerInvitation, account: User | None, full_name: str, password: str):
    now = timezone.now()
    if account is None:
        account = User.objects.create_user(invitation.email, password, full_name=full_name)
    RoleGrant.objects.get_or_create(user=account, role=Role.CARER)
    # Their own record: the one they have (as a person, or a carer of someone else) or a new one.
    carer = Person.objects.filter(user=account).first()
    if carer is None:
        carer = Person.objects.create(
            full_name=account.full_name or invitation.carer_name,
            preferred_name=account.preferred_name,
            email=account.email,
            user=account,
        )
    invitation.link = CarerLink.objects.create(
        carer=carer,
        cared_for=invitation.cared_for,
        relationship=invitation.relationship,
        since=timezone.localdate(),
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["link", "accepted_at"])
    # In the same transaction, so no carer is linked without accepting the privacy notice.
    privacy.accept_privacy_notice(account, privacy.current_notice())
    return account


# Emails, sent by the job runner once the request has committed ---------------------------


def invitation_email(invitation: CarerInvitation, link: str) -> tuple[str, str]:
    """The person's name (so the carer knows who asks) and the link: nothing else of theirs."""
    name = invitation.cared_for.display_name
    return (
        f"{name} has invited you to Recovery Hub as their carer",
        f"Hello {invitation.carer_name},\n\n"
        f"{name} has invited you to Recovery Hub as their carer. Recovery Hub is where "
        f"{name} keeps their record with their NHS team. {name} decides what you can "
        "see, and can change that at any time.\n\n"
        f"To accept, open this link:\n{link}\n\n"
        "You can make a sign-in, or use the one you already have. The link works once, "
        f"and stops working on {long_date(invitation.expires_at)}.\n\n"
        "If you were not expecting this email, do not use the link. You can ignore it.\n",
    )


def send_due_invitations() -> Outcome:
    return send_each_unsent(CarerInvitation, _send, "A carer invitation")


def _send(pk: int, connection) -> bool:
    with transaction.atomic():
        unsent = CarerInvitation.objects.unsent().select_for_update().filter(pk=pk)
        invitation = unsent.select_related("cared_for").first()
        if invitation is None:
            return False  # sent or withdrawn by another run meanwhile
        token = invitation.make_link_token()
        invitation.save(update_fields=["token_hash", "sent_at"])
        path = reverse("people:accept_carer_invitation", args=[token])
        subject, body = invitation_email(invitation, f"{settings.SITE_URL}{path}")
        EmailMessage(subject, body, to=[invitation.email], connection=connection).send()
    return True
