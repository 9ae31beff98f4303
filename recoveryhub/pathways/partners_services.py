"""Partners' contacts and their sign-ins, and saving an opportunity with its status.

Each operation is one transaction; Partner, PartnerContact, Opportunity, User and
RoleGrant are audited models, so every change is in the audit trail with who made it. A
contact's sign-in is made as a member of staff's is: no password, and an emailed link to
choose one (staff.services.send_sign_in_email), sent after commit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from recoveryhub.accounts.models import RoleGrant, User
from recoveryhub.accounts.roles import Role
from recoveryhub.staff.services import send_sign_in_email

from . import services
from .models import Opportunity, OpportunityStatus, Partner, PartnerContact

ANOTHER_ROLE = (
    "This email address already has a Recovery Hub sign-in for something else, so it "
    "cannot also sign in for a partner. Ask a service admin to help, or use another address"
)


def _sign_in_for(contact: PartnerContact) -> None:
    """Links the contact to a partner sign-in with their email: a new one, or one that
    has nothing else (no other role, no other organisation). Refuses anything else."""
    email = User.objects.normalize_email(contact.email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=contact.full_name)
    else:
        if user.roles - {Role.PARTNER} or not user.is_active:
            raise ValidationError({"email": ANOTHER_ROLE})
        other = PartnerContact.objects.filter(user=user).exclude(pk=contact.pk).first()
        if other is not None:
            raise ValidationError(
                {"email": f"This email address already signs in for {other.partner.name}"}
            )
    if Role.PARTNER not in user.roles:
        RoleGrant.objects.create(user=user, role=Role.PARTNER)
        user.__dict__.pop("roles", None)  # a cached property
    contact.user = user
    contact.save(update_fields=["user"])
    if not user.has_usable_password():
        send_sign_in_email(user)


@transaction.atomic
def add_contact(partner: Partner, **details) -> PartnerContact:
    """details: full_name, job_title, email, phone, may_sign_in."""
    contact = PartnerContact(partner=partner, **details)
    contact.email = User.objects.normalize_email(contact.email)
    contact.save()
    if contact.may_sign_in:
        _sign_in_for(contact)
    return contact


@transaction.atomic
def change_contact(contact: PartnerContact, **details) -> PartnerContact:
    """Changes the details; stopping sign-in keeps the link, so starting again needs no new
    account. The email of a contact who has a sign-in is that sign-in's, changed only by a
    service admin (else anyone here could take over an account)."""
    contact = PartnerContact.objects.select_for_update().get(pk=contact.pk)
    was_signing_in = contact.may_sign_in
    email = User.objects.normalize_email(details.pop("email"))
    if contact.user_id and email != contact.user.email:
        raise ValidationError(
            {"email": "They sign in with this email address, so it cannot be changed here. "
             "Ask a service admin to change it"}
        )  # fmt: skip
    for name, value in details.items():
        setattr(contact, name, value)
    contact.email = email
    contact.save()
    if contact.may_sign_in and (contact.user_id is None or not was_signing_in):
        _sign_in_for(contact)  # again when restarted: their role, and the link if still needed
    return contact


def save_opportunity(opportunity: Opportunity, *, skills, status: str) -> Opportunity:
    """Saves the fields, skills and then the status through services.set_status, whose
    rules (a volunteering or panel role needs a supervisor to open) refuse with nothing
    written: a new role is saved as a draft first, and all of it rolled back on refusal."""
    is_new = opportunity.pk is None
    try:
        with transaction.atomic():
            if is_new:
                opportunity.status = OpportunityStatus.DRAFT
            opportunity.save()
            opportunity.skills.set(skills)
            return services.set_status(opportunity, status)
    except ValidationError:
        if is_new:  # rolled back: it was never saved
            opportunity.pk, opportunity._state.adding = None, True
        raise
