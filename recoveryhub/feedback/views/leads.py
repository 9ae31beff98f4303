"""Service admins name who leads each service's feedback, and stop them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions
from recoveryhub.people.models import ServiceLine

from .. import comments_queries, leads, services
from ..forms_leads import LeadAddForm
from ..models import FeedbackLead


@require_http_methods(["GET", "HEAD", "POST"])
def feedback_leads(request):
    if not permissions.can(request.user, "feedback.leads"):
        raise PermissionDenied
    lines = list(ServiceLine.objects.order_by("name"))
    form = LeadAddForm(lines=lines)
    if request.method == "POST" and "stop" in request.POST:
        return _stop(request)
    if request.method == "POST":
        form = LeadAddForm(request.POST, lines=lines)
        if form.is_valid():
            line = next(line for line in lines if line.pk == form.cleaned_data["service_line"])
            user = comments_queries.sign_in_by_email(form.cleaned_data["email"])
            try:
                named = leads.name_lead(user, line)
            except services.FeedbackError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request, f"{named.user.display_name} now leads feedback for {line.name}."
                )
                return redirect("feedback:leads")
    return render(
        request,
        "feedback/leads/leads.jinja",
        {"form": form, "lines": lines, "by_line": leads.leads_by_line()},
    )


def _stop(request):
    raw = request.POST.get("stop", "")
    found = (
        FeedbackLead.objects.select_related("user", "service_line").filter(pk=int(raw)).first()
        if raw.isdigit() and len(raw) < 10
        else None
    )
    if found is None:
        messages.error(request, "We could not find that feedback lead. Nothing was changed.")
    else:
        leads.stop_lead(found)
        messages.success(
            request,
            f"{found.user.display_name} no longer leads feedback for {found.service_line.name}.",
        )
    return redirect("feedback:leads")
