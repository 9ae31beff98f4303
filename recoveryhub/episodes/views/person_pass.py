"""Coming back through the open door (strategy para 19: "quick re-access if required").

The person uses their pass online; a worker in the pass's team records a return by phone
from the same page. A pass already used or ended shows services.PassError's message and
no form, and a POST is refused with it, nothing written. Either way the request goes to
the team, first in its incoming list, and the person is told what happens next.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.measures.crisis import crisis_help

from .. import services
from ..forms_person import UsePassForm
from ..models import OpenDoorPass, Referral, ReferralStatus, Source

_private = cache_control(private=True, no_store=True)


def _worker_refusal(door: OpenDoorPass) -> str:
    """The same facts for a worker, about the person."""
    name = door.person.short_name
    if door.used_at is not None:
        return (
            f"{name} used this pass on {long_date(door.used_at)}: the request is with "
            f"{door.team.name}, waiting to be triaged or already triaged."
        )
    return (
        f"This pass ended on {long_date(door.valid_until)}, so it cannot be used. "
        f"If {name} needs support again, add a referral: their GP, or you, can refer them."
    )


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def use_pass(request, pass_id: int):
    doors = OpenDoorPass.objects.select_related("person", "team", "episode__episode_type")
    door = permissions.get_or_404(request.user, "pass.use", doors, pk=pass_id)
    person = door.person
    own = permissions.is_self(request.user, person)
    how = "online" if own else "phone"
    context = {"door": door, "person": person, "own": own}
    problem = services.why_not_usable(door)
    if problem:
        context["problem"] = problem if own else _worker_refusal(door)
        return _page(request, context)
    form = UsePassForm(
        request.POST if request.method == "POST" else None, own=own, name=person.short_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.use_pass(
                door, by=request.user, reason=form.cleaned_data["reason"], how=how
            )
        except services.PassError as error:  # used or ended a moment ago
            door.refresh_from_db()
            context["problem"] = " ".join(error.messages) if own else _worker_refusal(door)
            return _page(request, context)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not own:
                access_log.record_request(request, person, AccessAction.CHANGE, obj=door)
            return redirect("episodes:referral_sent", referral_id=referral.pk)
    context["form"] = form
    return _page(request, context)


def _page(request, context: dict):
    """The pass page as shown; a worker's look at it is logged (a use, as a change)."""
    if not context["own"]:
        access_log.record_request(
            request, context["person"], AccessAction.VIEW, obj=context["door"]
        )
    return render(request, "episodes/person/use_pass.jinja", context)


@require_safe
@_private
def referral_sent(request, referral_id: int):
    """What happens next, after a request for support (through the open door or not)."""
    referrals = Referral.objects.select_related("person", "team", "open_door_pass")
    referral = permissions.get_or_404(request.user, "referral.view", referrals, pk=referral_id)
    person = referral.person
    own = permissions.is_self(request.user, person)
    if not own:
        access_log.record_request(request, person, AccessAction.VIEW, obj=referral)
    return render(
        request,
        "episodes/person/referral_sent.jinja",
        {
            "referral": referral,
            "person": person,
            "own": own,
            "team": referral.team,
            "waiting": referral.status == ReferralStatus.NEW,
            "open_door": referral.source == Source.OPEN_DOOR,
            "status": referral.get_status_display().lower(),
            "crisis": crisis_help(),
        },
    )
