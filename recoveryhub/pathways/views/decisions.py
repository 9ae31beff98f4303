"""The owner's side of interest: who is interested in a role, and yes or not this time.

An opportunity's owner ("opportunity.view_interest": the partner's contacts for its
roles, the pathways team for the trust's) sees the interest sent to it, never interest
the person withdrew. The pathways team alone ("opportunity.suggest_people") also sees the
people who agreed to be suggested, without their contact details. Listing people is
looking at their records: one access event for each person shown, written in one query.
Anyone else gets 'not found'.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction

from .. import decisions_ranking, presenters_volunteers, services
from ..forms_decisions import APPROVE, DecisionForm
from ..models import Interest, InterestStatus, Opportunity, PathwayProfile

GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)

OPPORTUNITY = Opportunity.objects.select_related("partner", "locality")
# Interest the person withdrew is theirs again: its owner no longer sees it.
SHOWN = Interest.objects.exclude(status=InterestStatus.WITHDRAWN).select_related(
    "person__locality", "opportunity__partner", "decided_by", "placement"
)


@require_safe
@private
def opportunity_interest(request, opportunity_id: int):
    opportunity = permissions.get_or_404(
        request.user, "opportunity.view_interest", OPPORTUNITY, pk=opportunity_id
    )
    shown = list(SHOWN.filter(opportunity=opportunity).order_by("-sent_at", "-id"))
    waiting = decisions_ranking.rank_waiting(
        opportunity, [i for i in shown if i.status == InterestStatus.SENT]
    )
    answered = [i for i in shown if i.status != InterestStatus.SENT]
    may_suggest = permissions.can(request.user, "opportunity.suggest_people", opportunity)
    suggested = decisions_ranking.suggestions(opportunity) if may_suggest else []
    access_log.record_many(
        request,
        [(i.person_id, i.person.user_id, i) for i in shown]
        + [(s.person_id, s.person_user_id, PathwayProfile(pk=s.profile_id)) for s in suggested],
        AccessAction.VIEW,
    )
    return render(
        request,
        "pathways/decisions/interest.jinja",
        {
            "opportunity": opportunity,
            "waiting": waiting,
            "answered": answered,
            "may_suggest": may_suggest,
            "present": presenters_volunteers,
            "suggested": suggested,
        },
    )


def _decided_next(interest: Interest) -> str:
    """After a yes to a volunteering or panel role, its new placement; else the list."""
    placement = getattr(interest, "placement", None) if interest.opportunity.is_placed else None
    if placement is not None:
        return reverse("pathways:placement", args=[placement.pk])
    return reverse("pathways:opportunity_interest", args=[interest.opportunity_id])


@require_http_methods(GET_POST)
@private
def decide(request, interest_id: int):
    interest = permissions.get_or_404(request.user, "interest.decide", SHOWN, pk=interest_id)
    person = interest.person
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == APPROVE:
                services.approve(interest, by=request.user)
                done = f"You said yes to {person.short_name}"
            else:
                services.decline(interest, by=request.user, reason=form.cleaned_data["reason"])
                done = f"You told {person.short_name} not this time"
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:  # answered or withdrawn meanwhile: say so on the page as it is now
                messages.error(request, " ".join(error.messages))
                return redirect("pathways:decide", interest_id=interest.pk)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=interest)
            messages.success(request, done)
            interest = Interest.objects.select_related("opportunity").get(pk=interest.pk)
            return redirect(_decided_next(interest))
    access_log.record_request(request, person, AccessAction.VIEW, obj=interest)
    return render(
        request,
        "pathways/decisions/decide.jinja",
        {
            "interest": interest,
            "person": person,
            "form": form,
            "present": presenters_volunteers,
        },
    )
