"""Recovery coaching: moving out of secondary services, back to the GP (strategy paras 17-20, 45).

Recovery coaches, hosted by the Recovery College, "support individuals out of services and
provide quick re-access if required". Each coaching episode has the steps of that move
(MoveStep) and the community groups the coach linked the person to. These are the domain
operations on them and the coach's caseload query; who may call them is core.permissions'
to decide, asked by the views. Each checks what it is given and raises ValidationError
(by field, where a form has one) with nothing written. An episode that is no longer open
(finished, cancelled, entered in error) is a record of what happened: it is not changed.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from recoveryhub.core import permissions
from recoveryhub.core.presenters import long_date

from .models import OPEN, CommunityLink, Episode, Kind, MoveStep, MoveStepDone

STEPS = tuple(MoveStep)  # in the order the move usually goes
GROUP_LIMIT, WHAT_LIMIT = 200, 300


def _today() -> date:
    return timezone.localdate()


def coaching_episodes() -> QuerySet:
    """Every recovery coaching episode: the only ones with a move back to the GP."""
    return Episode.objects.filter(episode_type__kind=Kind.RECOVERY_COACHING)


def _locked(episode: Episode) -> Episode:
    """The episode, locked, so two workers marking the same step cannot both write it."""
    locked = Episode.objects.select_for_update().select_related("episode_type").get(pk=episode.pk)
    if locked.episode_type.kind != Kind.RECOVERY_COACHING:
        raise ValidationError("Only recovery coaching has steps back to the GP")
    if locked.status not in OPEN:
        raise ValidationError(
            f"This coaching is {locked.get_status_display().lower()}, so its move back to "
            "the GP cannot be changed"
        )
    return locked


def earliest(episode: Episode) -> date:
    """The first day a step or a link can be dated: the start, or before it starts, the
    day the episode was made (a first contact can come before the start)."""
    return episode.starts_on or timezone.localdate(episode.created_at)


def _date_problem(on: date | None, episode: Episode, noun: str) -> str:
    if on is None:
        return f"Enter {noun.lower()}"
    if on > _today():
        return f"{noun} must be today or in the past"
    first = earliest(episode)
    if on < first:
        started = "start of the coaching" if episode.starts_on else "day the coaching was agreed"
        return f"{noun} must be on or after the {started}, {long_date(first)}"
    return ""


# The steps of the move ----------------------------------------------------------------


@transaction.atomic
def mark_step_done(episode: Episode, step: str, *, on: date | None, by) -> MoveStepDone:
    """Mark one step of the move as done on a day (each step once)."""
    episode = _locked(episode)
    if step not in MoveStep.values:
        raise ValidationError({"step": "Select a step of the move back to the GP"})
    done = MoveStepDone.objects.filter(episode=episode, step=step).first()
    if done is not None:
        raise ValidationError(
            {"step": f"{MoveStep(step).label} is already done, on {long_date(done.done_on)}"}
        )
    if problem := _date_problem(on, episode, "The date it was done"):
        raise ValidationError({"done_on": problem})
    return MoveStepDone.objects.create(episode=episode, step=step, done_on=on, by=by)


@transaction.atomic
def undo_step(episode: Episode, step: str, *, by) -> MoveStepDone:
    """A step marked done by mistake goes back to not done yet. Gives the row removed."""
    episode = _locked(episode)
    if step not in MoveStep.values:
        raise ValidationError({"step": "Select a step of the move back to the GP"})
    done = MoveStepDone.objects.filter(episode=episode, step=step).first()
    if done is None:
        raise ValidationError({"step": f"{MoveStep(step).label} is not marked as done"})
    MoveStepDone.objects.filter(pk=done.pk).delete()  # the row keeps its id for the log
    return done


def steps_of(episode: Episode) -> list[tuple[str, MoveStepDone | None]]:
    """Every step in order, with its record where it is done. One query."""
    done = {d.step: d for d in MoveStepDone.objects.filter(episode=episode)}
    return [(step, done.get(step)) for step in STEPS]


# Community groups -----------------------------------------------------------------------


@transaction.atomic
def add_community_link(
    episode: Episode, *, group: str, what: str = "", linked_on: date | None, by
) -> CommunityLink:
    """A community group the coach linked the person to: its name, what it offers and
    where, and when. (`by` is the actor; the access log records who.)"""
    episode = _locked(episode)
    group, what = (group or "").strip(), (what or "").strip()
    problems = {}
    if not group:
        problems["group"] = "Enter the name of the group"
    elif len(group) > GROUP_LIMIT:
        problems["group"] = f"The name of the group must be {GROUP_LIMIT} characters or fewer"
    if len(what) > WHAT_LIMIT:
        problems["what"] = f"What it offers and where must be {WHAT_LIMIT} characters or fewer"
    if problem := _date_problem(linked_on, episode, "The date they were linked"):
        problems["linked_on"] = problem
    if problems:
        raise ValidationError(problems)
    return CommunityLink.objects.create(
        episode=episode, group=group, what=what, linked_on=linked_on
    )


@transaction.atomic
def remove_community_link(link: CommunityLink, *, by) -> None:
    """Remove a group added by mistake (or one the person never went to)."""
    _locked(link.episode)
    deleted, _ = CommunityLink.objects.filter(pk=link.pk).delete()
    if not deleted:
        raise ValidationError("This group has already been removed")


# The coach's caseload ---------------------------------------------------------------------


def _next_step() -> Case:
    """The first step, in order, that is not done yet ('' when all are done)."""
    done = MoveStepDone.objects.filter(episode_id=OuterRef("pk"))
    return Case(
        *(When(~Exists(done.filter(step=step)), then=Value(step.value)) for step in STEPS),
        default=Value(""),
        output_field=CharField(),
    )


def _count(queryset) -> Coalesce:
    """A count for each row as a subquery: two joined counts would multiply each other."""
    counted = queryset.order_by().values("episode_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _open_in_teams(user) -> QuerySet:
    """Open recovery coaching episodes in the user's teams, less colleagues' (the firewall)."""
    return (
        coaching_episodes()
        .filter(status__in=OPEN, team_id__in=user.team_memberships.values("team_id"))
        .exclude(person_id__in=permissions.firewalled_people(user))
    )


def caseload(user, *, mine: bool = False) -> QuerySet:
    """Open recovery coaching episodes in the user's teams: theirs (as named worker) first,
    then the soonest planned end. Each carries `is_mine`, `steps_done`, `links` and
    `next_step`, worked out in the one query whatever the caseload's size."""
    episodes = _open_in_teams(user).select_related("person", "team", "worker")
    if mine:
        episodes = episodes.filter(worker=user)
    return episodes.annotate(
        # Not Q(worker=user): with no named worker that is NULL, which PostgreSQL sorts first.
        is_mine=Case(When(worker=user, then=Value(True)), default=Value(False)),
        steps_done=_count(MoveStepDone.objects.filter(episode_id=OuterRef("pk"))),
        links=_count(CommunityLink.objects.filter(episode_id=OuterRef("pk"))),
        next_step=_next_step(),
    ).order_by(
        F("is_mine").desc(),
        F("planned_end_on").asc(nulls_last=True),
        "person__full_name",
        "pk",
    )


def caseload_counts(user) -> dict[str, int]:
    """How many are on the whole list, and how many are the user's own. One query."""
    return _open_in_teams(user).aggregate(
        everyone=Count("pk"), mine=Count("pk", filter=Q(worker=user))
    )
