"""Volunteers: the list a role's owners and supervisors keep, and one placement's page.

The list is for whoever looks after roles (volunteers_queries.looks_after: the pathways
team for the trust's roles, a partner's contacts for theirs, any role's supervisor for
its volunteers); anyone else gets 'not found'. A placement is read by the volunteer, its
role's owner and supervisor, and the person's worker while they share their pathway
("placement.view"). Showing people's placements to someone else writes one access event
each (the list in one query).
"""

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from .. import presenters_volunteers, services, volunteers_queries
from ..models import CheckState, HoursKind, HoursStatus, Placement, PlacementStatus

private = cache_control(private=True, no_store=True)
HOURS_SHOWN = 50  # the latest; the totals count every entry

PLACEMENT = Placement.objects.select_related(
    "person", "opportunity__partner", "opportunity__supervisor", "interest"
)


def get_placement(request, placement_id: int, action: str) -> Placement:
    return permissions.get_or_404(request.user, action, PLACEMENT, pk=placement_id)


@require_safe
@private
def volunteers(request):
    today = timezone.localdate()
    placements = volunteers_queries.placements_for(request.user, today)
    if placements is None:
        raise Http404
    placements = list(placements)
    access_log.record_many(
        request, [(p.person_id, p.person.user_id, p) for p in placements], AccessAction.VIEW
    )
    groups = [
        (status, [p for p in placements if p.status == status])
        for status in (PlacementStatus.ONBOARDING, PlacementStatus.ACTIVE, PlacementStatus.ENDED)
    ]
    return render(
        request,
        "pathways/volunteers/list.jinja",
        {"groups": groups, "today": today, "present": presenters_volunteers},
    )


def _totals(placement: Placement) -> dict:
    approved = Q(status=HoursStatus.APPROVED)
    return placement.hours.aggregate(
        volunteering=Sum("minutes", filter=approved & Q(kind=HoursKind.VOLUNTEERING)),
        training=Sum("minutes", filter=approved & Q(kind=HoursKind.TRAINING)),
        waiting=Count("pk", filter=~approved),
    )


@require_safe
@private
def placement(request, placement_id: int):
    placement = get_placement(request, placement_id, "placement.view")
    # A College course finished since the last look counts now, not only overnight.
    services.count_completed_training(placement)
    user, person = request.user, placement.person
    own = permissions.is_self(user, person)
    is_open = placement.status != PlacementStatus.ENDED
    checklist = list(placement.checklist.select_related("course"))
    payments = list(placement.payments.all())
    access_log.record_request(request, person, AccessAction.VIEW, obj=placement)
    return render(
        request,
        "pathways/volunteers/placement.jinja",
        {
            "placement": placement,
            "person": person,
            "opportunity": placement.opportunity,
            "own": own,
            "is_open": is_open,
            "may_manage": permissions.can(user, "placement.manage", placement),
            # hours.decide, asked of the placement: may decide any of its hours.
            "may_decide_hours": permissions.can(user, "hours.decide", placement),
            "may_log": is_open and permissions.can(user, "placement.log_hours", placement),
            "checklist": checklist,
            "steps_done": sum(i.state in (CheckState.DONE, CheckState.WAIVED) for i in checklist),
            "not_ready": services.not_ready(placement)
            if placement.status == PlacementStatus.ONBOARDING
            else [],
            "hours": list(placement.hours.all()[:HOURS_SHOWN]),
            "totals": _totals(placement),
            "payments": payments,
            "paid_total": sum(p.amount_pence for p in payments),
            "today": timezone.localdate(),
            "present": presenters_volunteers,
        },
    )
