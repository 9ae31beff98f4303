"""The pathways team's home, a partner's "Your organisation", and partners' own pages.

The pathways team (College staff) see and change every partner; a partner's contact who
signs in sees and changes only their own organisation (anyone else: 'not found'). These
pages name partners' contacts, never a person who uses services, so they write no access
events; every change is in the audit trail (the models are audited).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions

from .. import partners_queries
from ..forms_partners import PartnerForm, PartnerOfferForm
from ..models import OpportunityStatus, Partner

GET_POST = ["GET", "HEAD", "POST"]
PER_PAGE = 50
_private = cache_control(private=True, no_store=True)


def _require(request, action: str, obj=None) -> None:
    if not permissions.can(request.user, action, obj):
        raise Http404


@require_safe
@_private
def manage(request):
    _require(request, "pathways.manage")
    status = request.GET.get("status")
    if status not in OpportunityStatus.values:
        status = OpportunityStatus.OPEN
    roles = Paginator(partners_queries.roles_with_status(status), PER_PAGE)
    counts = partners_queries.status_counts()
    return render(
        request,
        "pathways/partners/manage.jinja",
        {
            "partners": list(partners_queries.partners_with_counts()),
            "trust_roles": list(partners_queries.trust_roles()),
            "status": status,
            "status_label": OpportunityStatus(status).label,
            "counts": [
                (value, label, counts[value]) for value, label in OpportunityStatus.choices
            ],
            "page": roles.get_page(request.GET.get("page")),
        },
    )


@require_safe
@_private
def partner_home(request):
    _require(request, "pathways.partner_home")
    return render(
        request,
        "pathways/partners/home.jinja",
        {"partners": partners_queries.partners_of(request.user)},
    )


def _partner(request, partner_id: int, action: str) -> Partner:
    return permissions.get_or_404(
        request.user, action, Partner.objects.select_related("locality"), pk=partner_id
    )


@require_safe
@_private
def partner(request, partner_id: int):
    shown = _partner(request, partner_id, "partner.view")
    user = request.user
    return render(
        request,
        "pathways/partners/partner.jinja",
        {
            "partner": shown,
            "contacts": list(shown.contacts.select_related("user")),
            "roles": list(
                partners_queries.with_waiting(shown.opportunities.all()).order_by(
                    "status", "title", "pk"
                )
            ),
            "can_change": permissions.can(user, "partner.change", shown),
            "can_manage_contacts": permissions.can(user, "partner.manage_contacts", shown),
            "can_see_interest": permissions.partner_ids(user).filter(partner_id=shown.pk).exists(),
        },
    )


@require_http_methods(GET_POST)
@_private
def partner_add(request):
    _require(request, "pathways.manage")
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = form.save()
        messages.success(request, f"{added.name} is added to the partners")
        return redirect("pathways:partner", partner_id=added.pk)
    return render(
        request,
        "pathways/partners/partner_form.jinja",
        {"form": form, "partner": None, "partner_name": ""},
    )


@require_http_methods(GET_POST)
@_private
def partner_change(request, partner_id: int):
    shown = _partner(request, partner_id, "partner.change")
    name = shown.name  # as saved: the form changes the instance before it is valid
    # A partner's own contact changes what they offer; the pathways team everything.
    form_class = (
        PartnerForm if permissions.can(request.user, "pathways.manage") else PartnerOfferForm
    )
    form = form_class(request.POST or None, instance=shown)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{shown.name}: details changed")
        return redirect("pathways:partner", partner_id=shown.pk)
    return render(
        request,
        "pathways/partners/partner_form.jinja",
        {"form": form, "partner": shown, "partner_name": name},
    )
