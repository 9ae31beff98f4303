"""A worker registers someone referred to their team: their details, then the records we
may already hold for them, then one of those or a new record on the team's caseload."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoveryhub.core import permissions

from . import nhs_numbers, registration
from .forms_register import RegisterPersonForm
from .models import Team

# What the check page's buttons add to the details posted again with them.
CHOSEN, MAKE_NEW, CHANGE = "chosen", "make_new", "change"
NOT_DETAILS = {"csrfmiddlewaretoken", CHOSEN, MAKE_NEW, CHANGE}


@require_http_methods(["GET", "HEAD", "POST"])
def person_register(request):
    if not permissions.can(request.user, "person.register"):
        raise Http404
    teams = Team.objects.filter(members__user=request.user).order_by("name")
    posted = request.method == "POST"
    form = RegisterPersonForm(request.POST if posted else None, teams=teams)
    if not posted or CHANGE in request.POST or not form.is_valid():
        return render(request, "people/register.jinja", {"form": form})
    details = form.cleaned_data
    team, named = details["team"], details["named_worker"] == "yes"
    found = registration.likely_duplicates(details)
    problem = None
    if CHOSEN in request.POST:
        match = next((d for d in found if str(d.person.pk) == request.POST[CHOSEN]), None)
        if match is not None:
            return _added(request, match.person, team, named)
        problem = "Choose one of the records below, or make a new record"
    elif MAKE_NEW in request.POST or not found:
        if any(d.same_nhs_number for d in found):
            problem = "We hold a record with this NHS number. Choose it, or check the number"
        else:
            try:
                person = registration.register(
                    form, team=team, named_worker=named, actor=request.user, route=request.path
                )
            except IntegrityError:  # someone saved this NHS number a moment ago
                found = registration.likely_duplicates(details)
            else:
                messages.success(request, f"{person.display_name} is now on {team}'s caseload")
                return redirect("people:person_detail", person_id=person.pk)
    registration.shown_as_likely_duplicates(found, actor=request.user, route=request.path)
    kept = [
        (name, value)
        for name in request.POST
        if name not in NOT_DETAILS
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "people/register_check.jinja",
        {
            "problem": problem,
            "details": {
                "name": " ".join(details["full_name"].split()),
                "date_of_birth": details.get("date_of_birth"),
                "nhs_number": nhs_numbers.formatted(details.get("nhs_number")),
            },
            "found": found,
            "kept": kept,
            "team": team,
            "can_make_new": not any(d.same_nhs_number for d in found),
        },
    )


def _added(request, person, team, named: bool):
    added = registration.add_to_caseload(
        person, team=team, named_worker=named, actor=request.user, route=request.path
    )
    if added:
        messages.success(request, f"{person.display_name} is now on {team}'s caseload")
    else:
        messages.success(request, f"{person.display_name} was already on {team}'s caseload")
    return redirect("people:person_detail", person_id=person.pk)
