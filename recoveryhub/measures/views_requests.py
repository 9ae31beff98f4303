"""A worker asks someone for a check-in by a date, and sees or withdraws what they asked.

Only a worker on the person's team reaches these pages (core.permissions:
"person.ask_check_in"); anyone else is told the page is not found.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person

from . import catalogue, requests
from .forms_requests import AskForCheckInForm
from .models import CheckInRequest


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request, person_id: int):
    person = permissions.get_or_404(
        request.user, "person.ask_check_in", Person.objects, pk=person_id
    )
    form = AskForCheckInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                requests.ask(
                    person, data["instrument"], data["due_on"], data["note"],
                    actor=request.user, route=request.get_full_path(),
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                name = catalogue.get(data["instrument"]).short_name
                messages.success(request, f"You asked {person.short_name} to do the {name}")
                return redirect("measures:ask", person_id=person.pk)
        status = 400
    else:
        access_log.record_request(request, person, AccessAction.VIEW)
    asked = requests.open_requests().filter(person=person).select_related("asked_by")
    return render(
        request,
        "measures/ask.jinja",
        {
            "person": person,
            "form": form,
            "asked": [(catalogue.get(r.instrument), r) for r in asked],
        },
        status=status,
    )


@require_POST
def cancel(request, request_id: int):
    found = get_object_or_404(CheckInRequest.objects.select_related("person"), pk=request_id)
    if not permissions.can(request.user, "person.ask_check_in", found.person):
        raise Http404
    name = catalogue.get(found.instrument).short_name
    try:
        requests.cancel(found, actor=request.user, route=request.get_full_path())
    except ValidationError:
        messages.info(request, f"The {name} had already been done or withdrawn")
    else:
        messages.success(request, f"You withdrew the {name} you asked for")
    return redirect("measures:ask", person_id=found.person_id)
