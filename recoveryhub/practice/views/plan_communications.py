"""The plan's "internal and external communication plan" (para 47): its items inside and
outside the trust by date, adding one and marking one done (managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors

from .. import presenters_plan as present
from .. import services
from ..forms_plan import CommunicationForm
from ..models import Action, CommunicationItem

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _may(request, rule: str) -> None:
    if not permissions.can(request.user, rule):
        raise Http404


@require_safe
@private
def communications(request):
    _may(request, "practice.plan")
    items = CommunicationItem.objects.select_related("owner", "action")
    return render(
        request,
        "practice/plan/communications.jinja",
        {
            "sections": present.audience_sections(items),
            "may_manage": permissions.can(request.user, "practice.plan_manage"),
            "present": present,
        },
    )


@require_http_methods(GET_POST)
@private
def communication_add(request):
    _may(request, "practice.plan_manage")
    initial = {"business_year": services.business_year(timezone.localdate())}
    given = request.GET.get("action", "")
    if given.isdigit() and len(given) <= 12 and Action.objects.filter(pk=given).exists():
        initial["action"] = given
    form = CommunicationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_communication(by=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The item is added to the communication plan")
            return redirect("practice:communications")
    return render(request, "practice/plan/communication_add.jinja", {"form": form})


@require_POST
@private
def communication_done(request, pk: int):
    item = permissions.get_or_404(
        request.user, "practice.plan_manage", CommunicationItem.objects, pk=pk
    )
    if item.done_on:
        messages.info(request, f"“{item.who}: {item.channel}” was already done")
    else:
        services.communication_done(item, by=request.user)
        messages.success(request, f"“{item.who}: {item.channel}” is marked as done today")
    return redirect("practice:communications")
