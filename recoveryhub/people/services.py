"""Writes to people's records. Each is one transaction that writes its access event too;
emails go after the transaction commits."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role
from recoveryhub.core import access_log
from recoveryhub.core.models import AccessAction

from .forms import SHARED_PARTS
from .models import CarerLink, Invitation, Person


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


@transaction.atomic
def invite(person: Person, *, email: str, actor, route: str, link_for: Callable[[str], str]):
    """Give a person held by a worker a one-time link to make their own sign-in."""
    if person.user_id is not None:
        raise ValueError("This person already has a sign-in")
    invitation, token = Invitation.issue(person=person, email=email, created_by=actor)
    access_log.record(
        actor=actor, person=person, action=AccessAction.CHANGE, obj=invitation, route=route
    )
    link = link_for(token)
    transaction.on_commit(lambda: _send_invitation(email, person, link))
    return invitation, link


def _send_invitation(email: str, person: Person, link: str) -> None:
    send_mail(
        "Your invitation to Recovery Hub",
        f"Hello {person.display_name},\n\n"
        "Your team has invited you to Recovery Hub, where you can see and keep your own "
        f"record.\n\nTo make your sign-in, open this link:\n{link}\n\n"
        "The link works once and stops working after 14 days. If you were not expecting "
        "this email, you can ignore it.\n",
        None,
        [email],
    )


@transaction.atomic
def accept_invitation(token: str, *, email: str, password: str) -> User | None:
    """Make the person's sign-in from a valid link; None if the link is used or expired."""
    found = Invitation.objects.for_token(token)
    if found is None:
        return None
    # Lock the row so two tabs cannot both accept the same link.
    invitation = Invitation.objects.select_for_update().select_related("person").get(pk=found.pk)
    if invitation.accepted_at is not None or invitation.person.user_id is not None:
        return None
    person = invitation.person
    user = User.objects.create_user(
        email, password, full_name=person.full_name, preferred_name=person.preferred_name
    )
    RoleGrant.objects.create(user=user, role=Role.PERSON)
    person.user = user
    person.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user
