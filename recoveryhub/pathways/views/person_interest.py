"""Showing interest in an opportunity, privately, and the interest afterwards.

Showing interest: only the person, for themselves ("person.show_interest"), in an open role,
agreeing to share their name, how to contact them and what they wrote with its owner. The
interest page: the person, the role's owner, and their worker while the person shares
their pathway ("interest.view"); anyone else gets "not found". A view by anyone but the
person writes an access event. Only the person withdraws it, and only by POST.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person

from .. import presenters_person_interest as words
from .. import services
from ..forms_person import InterestForm
from ..models import Interest, InterestStatus, Opportunity, OpportunityStatus
from ..presenters_person import Reader, link

_private = cache_control(private=True, no_store=True)


def _opportunity(opportunity_id: int) -> Opportunity:
    """A listed or closed role; a draft is the pathways team's alone, so "not found"."""
    found = (
        Opportunity.objects.select_related("partner")
        .exclude(status=OpportunityStatus.DRAFT)
        .filter(pk=opportunity_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def show_interest(request, opportunity_id: int):
    person = permissions.get_or_404(
        request.user, "person.show_interest", Person.objects.select_related("user"),
        user_id=request.user.pk,
    )  # fmt: skip
    opportunity = _opportunity(opportunity_id)
    context = {
        "opportunity": opportunity,
        "problem": services.why_not_open(opportunity),
        "already": services.live_interest(person, opportunity),
    }
    if context["problem"] or context["already"]:
        return render(request, "pathways/person/show_interest.jinja", context)
    initial = {"contact_by": InterestForm.contact_of(person)}
    data = request.POST if request.method == "POST" else None
    form = InterestForm(data, initial=initial, owner=opportunity.owner_name)
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.show_interest(
                person,
                opportunity,
                message=form.cleaned_data["message"],
                contact_by=form.cleaned_data["contact_by"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your interest has been sent to {opportunity.owner_name}")
            return redirect("pathways:interest", interest_id=interest.pk)
    return render(request, "pathways/person/show_interest.jinja", {**context, "form": form})


def _interests():
    return Interest.objects.select_related("opportunity__partner", "person")


@require_safe
@_private
def interest(request, interest_id: int):
    found = permissions.get_or_404(request.user, "interest.view", _interests(), pk=interest_id)
    own = permissions.is_self(request.user, found.person)
    if not own:
        access_log.record_request(request, found.person, AccessAction.VIEW, obj=found)
    reader = Reader(request.user, found.person, own=own)
    waiting = found.status == InterestStatus.SENT
    may_decide = waiting and permissions.can(request.user, "interest.decide", found)
    return render(
        request,
        "pathways/person/interest.jinja",
        {
            "interest": found,
            "reader": reader,
            "rows": words.rows(found, reader),
            "next_steps": words.next_steps(found, reader),
            "may_withdraw": waiting and permissions.can(request.user, "interest.withdraw", found),
            "decide": link("pathways:decide", found.pk) if may_decide else None,
            "placement": _placement_link(request, found),
            "back": _back(request, reader),
        },
    )


def _placement_link(request, found) -> str | None:
    placement = getattr(found, "placement", None) if found.status == "approved" else None
    if placement is None or not permissions.can(request.user, "placement.view", placement):
        return None
    return link("pathways:placement", placement.pk)


def _back(request, reader: Reader) -> tuple[str, str] | None:
    """Back to the pathway it is part of, for those who may see that."""
    if reader.own:
        return reverse("pathways:mine"), "Back to your pathway"
    if permissions.can(request.user, "person.view_pathway", reader.person):
        where = reverse("pathways:person_pathway", args=[reader.person.pk])
        return where, f"Back to {reader.person.short_name}'s pathway"
    return None


@require_POST
@_private
def withdraw(request, interest_id: int):
    found = permissions.get_or_404(request.user, "interest.withdraw", _interests(), pk=interest_id)
    try:
        services.withdraw_interest(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have withdrawn your interest in {found.opportunity.title}")
    return redirect("pathways:interest", interest_id=found.pk)
