"""The strategy action plan (para 47): the plan by objective, one action with its progress
and what raised it, adding and changing actions (managers), and progress updates (the
action's lead or a manager). The plan is the trust's: any of its staff may read it
("practice.plan"). It holds no one's personal record, so it writes no access events.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors

from .. import presenters_plan as present
from .. import services
from ..forms_plan import ActionForm, UpdateForm, initial_for
from ..models import Action, ActionStatus, Objective
from .plan_raised import raised_from

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)
RAISED = ("priority__round__team", "from_change__team", "from_fidelity__review__team")


def _may(request, rule: str) -> None:
    if not permissions.can(request.user, rule):
        raise Http404


def _years(today) -> list[str]:
    found = set(Action.objects.order_by().values_list("business_year", flat=True).distinct())
    return sorted(found | {services.business_year(today)}, reverse=True)


@require_safe
@private
def plan(request):
    _may(request, "practice.plan")
    today = timezone.localdate()
    years = _years(today)
    year, status = request.GET.get("year", ""), request.GET.get("status", "")
    ignored = []
    if year and year not in years:
        ignored.append("We could not show that business-planning year, so every year is shown.")
        year = ""
    if status and status not in ActionStatus.values:
        ignored.append("We could not show that status, so every status is shown.")
        status = ""
    actions = Action.objects.select_related("lead", "objective")
    if year:
        actions = actions.filter(business_year=year)
    if status:
        actions = actions.filter(status=status)
    headings = present.by_objective(Objective.objects.all(), actions, today)
    return render(
        request,
        "practice/plan/plan.jinja",
        {
            "headings": headings,
            "years": years,
            "year": year,
            "status": status,
            "statuses": ActionStatus.choices,
            "ignored": ignored,
            "today": today,
            "present": present,
            "may_manage": permissions.can(request.user, "practice.plan_manage"),
        },
    )


def _action(request, pk: int, rule: str) -> Action:
    found = Action.objects.select_related("objective", "lead", "team", *RAISED)
    return permissions.get_or_404(request.user, rule, found, pk=pk)


@require_safe
@private
def action(request, pk: int):
    _may(request, "practice.plan")
    found = _action(request, pk, "practice.plan")
    today = timezone.localdate()
    return render(
        request,
        "practice/plan/action.jinja",
        {
            "action": found,
            "rows": present.action_rows(found, today),
            "on_time": present.timeliness_tag(present.when(found, today)),
            "raised": present.raised_by(found, request.user),
            "updates": found.updates.select_related("written_by"),
            "communications": found.communications.select_related("owner"),
            "may_update": permissions.can(request.user, "practice.action_update", found),
            "may_manage": permissions.can(request.user, "practice.plan_manage"),
            "present": present,
        },
    )


@require_http_methods(GET_POST)
@private
def action_add(request):
    _may(request, "practice.plan_manage")
    source = raised_from(request)
    if source.existing is not None:
        messages.info(request, "That priority is already an action of the plan: here it is")
        return redirect("practice:action", pk=source.existing.pk)
    initial = {
        "status": ActionStatus.PLANNED,
        "business_year": services.business_year(timezone.localdate()),
        **source.initial,
    }
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.add_action(by=request.user, **source.keeps, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action is added to the plan")
            return redirect("practice:action", pk=made.pk)
    return render(
        request,
        "practice/plan/action_form.jinja",
        {"form": form, "source": source, "action": None},
    )


@require_http_methods(GET_POST)
@private
def action_change(request, pk: int):
    _may(request, "practice.plan_manage")
    found = _action(request, pk, "practice.plan")
    form = ActionForm(
        request.POST if request.method == "POST" else None, initial=initial_for(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action(found, by=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes to the action are saved")
            return redirect("practice:action", pk=found.pk)
    return render(
        request,
        "practice/plan/action_form.jinja",
        {"form": form, "source": None, "action": found},
    )


@require_http_methods(GET_POST)
@private
def action_update(request, pk: int):
    found = _action(request, pk, "practice.action_update")
    form = UpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(
                found, data["text"], data["evidence"] or "", data["status"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your progress update is added")
            return redirect("practice:action", pk=found.pk)
    return render(request, "practice/plan/action_update.jinja", {"form": form, "action": found})
