"""Writes to people's records. Each is one transaction that writes its access event too;
emails go after the transaction commits (the job runner sends invitations)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role
from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from . import tasks
from .forms import SHARED_PARTS
from .models import CarerLink, Invitation, Person, SignInLink


@transaction.atomic
def update_person_details(form, *, actor, route: str) -> Person:
    person = form.save()
    access_log.record(actor=actor, person=person, action=AccessAction.CHANGE, route=route)
    return person


@transaction.atomic
def set_carer_sharing(link: CarerLink, *, actor, shared: set[str]) -> CarerLink:
    """Only the person decides what their carer sees; it takes effect at once."""
    if link.cared_for.user_id != actor.pk:
        raise PermissionDenied
    for part, _label in SHARED_PARTS:
        setattr(link, part, part in shared)
    link.sharing_changed_at = timezone.now()
    link.save()
    return link


# Invitations: the only way a record is joined to a sign-in ------------------------------


class InvitationRefusedError(Exception):
    """The invitation cannot be sent or used; the message says why, for the page."""


class InvitationGoneError(Exception):
    """The link is used, replaced, stopped or expired."""


class WrongAnswerError(Exception):
    """A wrong date of birth (or password of an existing sign-in); it counts against the link."""

    def __init__(self, field: str, message: str, *, stopped: bool):
        super().__init__(message)
        self.field, self.message, self.stopped = field, message, stopped


def existing_account(email: str) -> User | None:
    normalised = User.objects.normalize_email(email)
    return User.objects.filter(email=normalised).prefetch_related("role_grants").first()


def _account_refusal(account: User | None, person: Person) -> str | None:
    """'staff' or 'linked' if this account may never be joined to the person's record."""
    if account is None:
        return None
    if account.is_staff or account.is_superuser or account.is_staff_role:
        return "staff"
    if Person.objects.filter(user=account).exclude(pk=person.pk).exists():
        return "linked"
    return None


def invitation_problem(person: Person) -> str | None:
    """Why no invitation can be sent to this person now, in words for their worker."""
    name = person.display_name
    if person.user_id is not None:
        return f"{name} already has their own sign-in."
    if not person.email.strip():
        return (
            f"{name} does not have an email address on their record, so we cannot send them "
            "an invitation. Add their own email address to their details first."
        )
    if person.date_of_birth is None:
        return (
            f"{name}'s record does not have their date of birth. We ask for it when they "
            "accept, to check the invitation is theirs. Add it to their details first."
        )
    refusal = _account_refusal(existing_account(person.email), person)
    if refusal == "staff":
        return (
            f"The email address on {name}'s record belongs to a member of staff's sign-in. "
            "Invitations go only to the person's own email address: change it on their "
            "details first."
        )
    if refusal == "linked":
        return (
            f"The email address on {name}'s record already signs in to someone else's "
            "record. Check it with them and change it on their details first."
        )
    return None


@transaction.atomic
def invite(person: Person, *, actor, route: str) -> Invitation:
    """Ask for an invitation to the email address on the person's record.

    No link exists yet: the job runner makes it and emails it once this commits
    (invitation_messages.py), so only the person's mailbox ever holds it. A new
    invitation stops any earlier link working."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    problem = invitation_problem(person)
    if problem:
        raise InvitationRefusedError(problem)
    person.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    invitation = Invitation.request(
        person=person, email=User.objects.normalize_email(person.email), created_by=actor
    )
    access_log.record(
        actor=actor, person=person, action=AccessAction.CHANGE, obj=invitation, route=route
    )
    # Robust: if the queue cannot take it now, the scheduled job sends it within minutes.
    transaction.on_commit(tasks.send_invitations.enqueue, robust=True)
    return invitation


def acceptance_problem(invitation: Invitation) -> str | None:
    """Why this invitation cannot be accepted at all, in words for the person."""
    if invitation.person.date_of_birth is None:
        return (
            "Your record does not have your date of birth, so we cannot check that this "
            "invitation is yours. Ask your team to add it and send you a new invitation."
        )
    if _account_refusal(existing_account(invitation.email), invitation.person):
        return (
            "The email address it was sent to already signs in to a staff account or to "
            "someone else's record. Ask your team to check the email address on your record "
            "and send you a new invitation."
        )
    return None


def accept_invitation(token: str, *, date_of_birth, password: str) -> User:
    """Join the person's record to a sign-in with the invited email address: a new one, or
    theirs already (with its password). Wrong answers are counted in their own transaction
    so they stick; a few stop the link."""
    with transaction.atomic():
        found = Invitation.objects.for_token(token)
        if found is None:
            raise InvitationGoneError
        # Lock the row so two tabs cannot both accept it, nor both miscount.
        invitation = (
            Invitation.objects.select_for_update().select_related("person").get(pk=found.pk)
        )
        person = invitation.person
        if invitation.accepted_at or invitation.withdrawn_at or person.user_id is not None:
            raise InvitationGoneError
        problem = acceptance_problem(invitation)
        if problem:
            raise InvitationRefusedError(problem)
        account = existing_account(invitation.email)
        if date_of_birth != person.date_of_birth:
            wrong = ("date_of_birth", "The date of birth does not match your record")
        elif account is not None and not account.check_password(password):
            wrong = ("password", "The password is not right for your sign-in")
        else:
            return _join(invitation, account, password)
        invitation.wrong_answers += 1
        stopped = invitation.wrong_answers >= Invitation.MAX_WRONG_ANSWERS
        if stopped:
            invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["wrong_answers", "withdrawn_at"])
    field, message = wrong
    left = Invitation.MAX_WRONG_ANSWERS - invitation.wrong_answers
    tries = f"{left} more {'try' if left == 1 else 'tries'}"
    raise WrongAnswerError(field, f"{message}. You have {tries}", stopped=stopped)


def _join(invitation: Invitation, account: User | None, password: str) -> User:
    person, now = invitation.person, timezone.now()
    if account is None:
        account = User.objects.create_user(
            invitation.email,
            password,
            full_name=person.full_name,
            preferred_name=person.preferred_name,
        )
    RoleGrant.objects.get_or_create(user=account, role=Role.PERSON)
    person.user = account
    person.save(update_fields=["user"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    SignInLink.objects.create(
        person=person, user=account, email=account.email, invitation=invitation, linked_at=now
    )
    return account


@transaction.atomic
def undo_sign_in_link(person: Person, *, actor, reason: str, route: str) -> SignInLink:
    """Part a record from a sign-in joined by mistake, so the person can be invited again.

    The account loses the person role and keeps its other roles. The undo is kept (who,
    when, why) and written to the person's access log, which they see once they sign in."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    account = person.user
    if account is None:
        raise InvitationRefusedError("This record is not joined to a sign-in.")
    link = person.sign_in_links.filter(user=account, undone_at__isnull=True).first()
    if link is None:  # joined before links were kept
        link = SignInLink(person=person, user=account, email=account.email)
    link.undone_at, link.undone_by, link.undo_reason = timezone.now(), actor, reason
    link.save()
    person.user = None
    person.save(update_fields=["user"])
    RoleGrant.objects.filter(user=account, role=Role.PERSON).delete()
    access_log.record(
        actor=actor, person=person, action=AccessAction.CHANGE, obj=link, route=route
    )
    return link
