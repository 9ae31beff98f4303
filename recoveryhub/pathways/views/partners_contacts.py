"""A partner's contacts, added and changed by the pathways team ("partner.manage_contacts").

A contact who may sign in gets a partner sign-in and the emailed link to choose a
password, as new staff do; stopping their sign-in takes effect at once (permissions read
may_sign_in on every request).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors

from .. import partners_services
from ..forms_partners import ContactForm
from ..models import Partner, PartnerContact

GET_POST = ["GET", "HEAD", "POST"]
FIELDS = ["full_name", "job_title", "email", "phone", "may_sign_in"]
_private = cache_control(private=True, no_store=True)


def _saved_words(contact: PartnerContact, *, had_sign_in: bool) -> str:
    if contact.may_sign_in and not had_sign_in and not contact.user.has_usable_password():
        return f"{contact.full_name} is saved. We have emailed them a link to choose a password"
    if not contact.may_sign_in and had_sign_in:
        return f"{contact.full_name} is saved. They can no longer sign in"
    return f"{contact.full_name} is saved"


@require_http_methods(GET_POST)
@_private
def contact_add(request, partner_id: int):
    partner = permissions.get_or_404(
        request.user, "partner.manage_contacts", Partner.objects.all(), pk=partner_id
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = partners_services.add_contact(
                partner, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_words(contact, had_sign_in=False))
            return redirect("pathways:partner", partner_id=partner.pk)
    return render(
        request,
        "pathways/partners/contact_form.jinja",
        {"form": form, "partner": partner, "contact": None},
    )


@require_http_methods(GET_POST)
@_private
def contact_change(request, contact_id: int):
    contact = (
        PartnerContact.objects.select_related("partner", "user").filter(pk=contact_id).first()
    )
    # Asked of its partner: the rule is about who manages a partner's contacts.
    permissions.get_or_404(
        request.user,
        "partner.manage_contacts",
        Partner.objects.all(),
        pk=contact.partner_id if contact else None,
    )
    initial = {name: getattr(contact, name) for name in FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        had_sign_in = contact.may_sign_in and contact.user_id is not None
        try:
            contact = partners_services.change_contact(
                contact, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_words(contact, had_sign_in=had_sign_in))
            return redirect("pathways:partner", partner_id=contact.partner_id)
    return render(
        request,
        "pathways/partners/contact_form.jinja",
        {"form": form, "partner": contact.partner, "contact": contact},
    )
