"""Adding and changing an opportunity: the pathways team for any partner or the trust, a
partner's contact for their own organisation only ("opportunity.change"; others get
'not found'). Opening a role goes through services.set_status and its rules.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors

from .. import partners_services
from ..forms_partners_opportunity import OpportunityForm
from ..models import Opportunity

GET_POST = ["GET", "HEAD", "POST"]
_private = cache_control(private=True, no_store=True)


def _save(request, form: OpportunityForm):
    """The saved opportunity, or None with the service's refusal on the form."""
    opportunity = form.save(commit=False)
    try:
        return partners_services.save_opportunity(
            opportunity, skills=form.cleaned_data["skills"], status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@require_http_methods(GET_POST)
@_private
def opportunity_add(request):
    if not permissions.can(request.user, "opportunity.add"):
        raise Http404
    # A model form for a new object starts empty: the model's defaults, as answers.
    initial = {
        "places": 1, "induction_needed": True, "references_needed": 0, "status": "draft",
        "dbs_level": "none", "can_be_remote": False, "step_free": False,
    }  # fmt: skip
    chosen = request.GET.get("partner", "")
    form = OpportunityForm(request.POST or None, user=request.user, initial=initial)
    if chosen.isdigit() and form.fields["partner"].queryset.filter(pk=chosen).exists():
        form.initial["partner"] = int(chosen)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, f"{saved.title} is added: {saved.get_status_display()}")
            return redirect("pathways:opportunity", opportunity_id=saved.pk)
    return render(
        request,
        "pathways/partners/opportunity_form.jinja",
        {"form": form, "opportunity": None, "title": ""},
    )


@require_http_methods(GET_POST)
@_private
def opportunity_change(request, opportunity_id: int):
    opportunity = permissions.get_or_404(
        request.user,
        "opportunity.change",
        Opportunity.objects.select_related("partner"),
        pk=opportunity_id,
    )
    title = opportunity.title  # as saved: the form changes the instance before it is valid
    form = OpportunityForm(request.POST or None, user=request.user, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, f"{saved.title} is saved: {saved.get_status_display()}")
            return redirect("pathways:opportunity", opportunity_id=saved.pk)
    return render(
        request,
        "pathways/partners/opportunity_form.jinja",
        {"form": form, "opportunity": opportunity, "title": title},
    )
