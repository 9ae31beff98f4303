"""Hours: the volunteer logs their own ("placement.log_hours": only the person) and
changes those not yet approved; the role's supervisor or owner ("hours.decide") approves
them or asks about them. Anyone else gets 'not found'. The supervisor's look and answer
write access events; the volunteer's own do not.
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
from ..forms_volunteers import HoursAnswerForm, HoursForm
from ..models import HoursLog, HoursStatus, PlacementStatus
from .volunteers import get_placement

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _get_log(request, hours_id: int, action: str) -> HoursLog:
    """The hours, or 'not found' for anyone not allowed. Both rules are asked of the
    hours' placement (placement.log_hours reads its .person, which hours have not)."""
    log = (
        HoursLog.objects.select_related(
            "placement__person",
            "placement__opportunity__partner",
            "placement__opportunity__supervisor",
        )
        .filter(pk=hours_id)
        .first()
    )
    if log is None or not permissions.can(request.user, action, log.placement):
        raise Http404
    return log


def _back(placement):
    return redirect("pathways:placement", placement_id=placement.pk)


def _page(request, template, placement, form, **more):
    context = {
        "placement": placement,
        "person": placement.person,
        "opportunity": placement.opportunity,
        "form": form,
        "present": presenters_volunteers,
        **more,
    }
    return render(request, f"pathways/volunteers/{template}", context)


def _hours(data) -> dict:
    return {
        "on": data["on"],
        "minutes": data["total_minutes"],
        "kind": data["kind"],
        "note": data["note"],
    }


@require_http_methods(GET_POST)
@private
def log_hours(request, placement_id: int):
    placement = get_placement(request, placement_id, "placement.log_hours")
    if placement.status == PlacementStatus.ENDED:
        messages.info(request, "This placement has ended, so no more hours can be logged.")
        return _back(placement)
    form = HoursForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_hours(placement, **_hours(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your hours are logged: your supervisor will approve them")
            return _back(placement)
    return _page(request, "hours.jinja", placement, form, log=None)


@require_http_methods(GET_POST)
@private
def change_hours(request, hours_id: int):
    log = _get_log(request, hours_id, "placement.log_hours")
    placement = log.placement
    if log.status == HoursStatus.APPROVED:
        messages.info(request, "These hours are approved already, so they cannot be changed.")
        return _back(placement)
    hours, minutes = divmod(log.minutes, 60)
    initial = {
        "on": log.on,
        "hours": hours,
        "minutes": minutes,
        "kind": log.kind,
        "note": log.note,
    }
    form = HoursForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_hours(log, **_hours(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your hours are changed: your supervisor will approve them")
            return _back(placement)
    return _page(request, "hours.jinja", placement, form, log=log)


@require_http_methods(GET_POST)
@private
def hours_decide(request, hours_id: int):
    log = _get_log(request, hours_id, "hours.decide")
    placement, person = log.placement, log.placement.person
    form = HoursAnswerForm(
        request.POST if request.method == "POST" else None, initial={"query": log.query}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_hours(log, by=request.user)
                done = f"{person.short_name}'s hours are approved"
            else:
                services.query_hours(log, by=request.user, query=form.cleaned_data["query"])
                done = f"Your question is sent to {person.short_name}"
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:  # approved meanwhile
                messages.error(request, " ".join(error.messages))
                return _back(placement)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=log)
            messages.success(request, done)
            return _back(placement)
    access_log.record_request(request, person, AccessAction.VIEW, obj=log)
    return _page(request, "hours_decide.jinja", placement, form, log=log)
