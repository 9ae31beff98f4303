"""Named workers: which worker in a team a person on its caseload can turn to first.

Set by a service admin. CaseloadAssignment is audited, so
each change is in the trail (who, when, worker before and after) in the same transaction.
"""

from django.db import transaction
from django.db.models import Count, Q

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import WORKER_ROLES
from recoveryhub.people.models import CaseloadAssignment, Team


class NotInTeamError(ValueError):
    """The worker chosen is not a worker in the person's team (any more)."""


def teams_with_counts():
    """Every team, with how many people are on its caseload now and how many of them have
    no named worker: one query."""
    current = CaseloadAssignment.objects.current()
    now = Q(caseload__in=current)
    return Team.objects.order_by("name").annotate(
        people=Count("caseload", filter=now, distinct=True),
        unnamed=Count("caseload", filter=now & Q(caseload__worker__isnull=True), distinct=True),
    )


def caseload(team: Team):
    """The team's current caseload, people in name order, each with their named worker."""
    return (
        CaseloadAssignment.objects.current()
        .filter(team=team)
        .select_related("person", "worker")
        .order_by("person__preferred_name", "person__full_name", "pk")
    )


def workers_in(team: Team):
    """Who can be named: active members of the team with a worker role."""
    return (
        User.objects.filter(
            is_active=True, team_memberships__team=team, role_grants__role__in=WORKER_ROLES
        )
        .distinct()
        .order_by("full_name", "email")
    )


def named_for(worker: User):
    """How many people on each team's caseload this worker is named for now."""
    return (
        CaseloadAssignment.objects.current()
        .filter(worker=worker)
        .values("team_id", "team__name")
        .annotate(people=Count("person", distinct=True))
        .order_by("team__name")
    )


@transaction.atomic
def set_named_worker(assignment: CaseloadAssignment, worker: User | None) -> bool:
    """Name `worker` (or no one) for this time on the team's caseload. The row is locked
    and the worker checked again inside the transaction, so a worker who left the team a
    moment ago is never named. Returns whether anything changed."""
    locked = CaseloadAssignment.objects.select_for_update().get(pk=assignment.pk)
    if worker is not None and not workers_in(locked.team).filter(pk=worker.pk).exists():
        raise NotInTeamError(worker.pk)
    if locked.worker_id == (worker.pk if worker else None):
        return False
    locked.worker = worker
    locked.save(update_fields=["worker"])
    return True
