"""A placement's changes by whoever manages it ("placement.manage": the role's owner and
its supervisor): a step of the checklist, starting, ending, and recording a payment.

Each calls its service and shows the service's refusal on the form, with nothing
written; anyone else gets 'not found'. Each look at and change of the person's placement
writes an access event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction

from .. import presenters_volunteers, services
from ..forms_payments import PaymentForm
from ..forms_volunteers import CheckForm, EndForm, StartForm
from ..models import CheckKind, OnboardingItem, PlacementStatus
from .volunteers import get_placement

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _back(placement):
    return redirect("pathways:placement", placement_id=placement.pk)


def _closed(request, placement, words: str):
    if request.method == "POST":
        messages.error(request, words)
    else:
        messages.info(request, words)
    return _back(placement)


def _page(request, template: str, placement, form, **more):
    context = {
        "placement": placement,
        "person": placement.person,
        "opportunity": placement.opportunity,
        "form": form,
        "present": presenters_volunteers,
        **more,
    }
    return render(request, f"pathways/volunteers/{template}", context)


@require_http_methods(GET_POST)
@private
def check(request, item_id: int):
    item = (
        OnboardingItem.objects.select_related(
            "placement__person", "placement__opportunity__partner", "course"
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None or not permissions.can(request.user, "placement.manage", item.placement):
        raise Http404
    placement = item.placement
    if placement.status == PlacementStatus.ENDED:
        return _closed(request, placement, "This placement has ended, so its checklist is closed.")
    form = CheckForm(
        request.POST if request.method == "POST" else None,
        initial={
            "state": item.state,
            "done_on": item.done_on,
            "expires_on": item.expires_on,
            "note": item.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_check(
                item, state=data["state"], by=request.user, done_on=data["done_on"],
                expires_on=data["expires_on"], note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, placement.person, AccessAction.CHANGE, obj=item)
            messages.success(request, f"{item.label}: saved")
            return _back(placement)
    access_log.record_request(request, placement.person, AccessAction.VIEW, obj=item)
    return _page(
        request, "check.jinja", placement, form, item=item, is_dbs=item.kind == CheckKind.DBS
    )


@require_http_methods(GET_POST)
@private
def start(request, placement_id: int):
    placement = get_placement(request, placement_id, "placement.manage")
    if placement.status != PlacementStatus.ONBOARDING:
        return _closed(request, placement, "Only a volunteer getting ready to start can start.")
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_placement(placement, on=form.cleaned_data["started_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(
                request, placement.person, AccessAction.CHANGE, obj=placement
            )
            messages.success(request, f"{placement.person.short_name} has started volunteering")
            return _back(placement)
    access_log.record_request(request, placement.person, AccessAction.VIEW, obj=placement)
    return _page(request, "start.jinja", placement, form, not_ready=services.not_ready(placement))


@require_http_methods(GET_POST)
@private
def end(request, placement_id: int):
    placement = get_placement(request, placement_id, "placement.manage")
    if placement.status == PlacementStatus.ENDED:
        return _closed(request, placement, "This placement has already ended.")
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_placement(placement, on=data["ended_on"], reason=data["end_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(
                request, placement.person, AccessAction.CHANGE, obj=placement
            )
            messages.success(request, f"{placement.person.short_name}'s volunteering has ended")
            return _back(placement)
    access_log.record_request(request, placement.person, AccessAction.VIEW, obj=placement)
    return _page(request, "end.jinja", placement, form)


@require_http_methods(GET_POST)
@private
def payment_add(request, placement_id: int):
    placement = get_placement(request, placement_id, "placement.manage")
    form = PaymentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.record_payment(
                person=placement.person, placement=placement, kind=data["kind"],
                amount_pence=data["amount"], on=data["on"], what_for=data["what_for"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, placement.person, AccessAction.CHANGE, obj=payment)
            amount = presenters_volunteers.pounds(payment.amount_pence)
            messages.success(request, f"{payment.get_kind_display()} of {amount} recorded")
            return _back(placement)
    access_log.record_request(request, placement.person, AccessAction.VIEW, obj=placement)
    return _page(request, "payment.jinja", placement, form)
