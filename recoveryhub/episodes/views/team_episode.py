"""An episode of care: its page for everyone allowed (the person, their team's workers, a
carer while the person shares their support), and the team's changes to it: status, a
contact, a goal, the named worker and review date, and ending it well.

core.permissions decides who may see ("episode.view") or change ("episode.change");
anyone else gets 'not found'. A finished, cancelled or entered-in-error episode is never
changed: its pages send the worker back with a clear message, and nothing is written.
Every view or change by someone other than the person writes an access event.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction

from .. import presenters, schedule, services
from ..models import Episode, Kind
from .team import person_home

EPISODE = Episode.objects.select_related(
    "person", "team", "episode_type", "worker", "ending__recorded_by", "open_door_pass",
    "referral", "follows__episode_type",
)  # fmt: skip


def get_episode(request, episode_id: int, action: str) -> Episode:
    return permissions.get_or_404(request.user, action, EPISODE, pk=episode_id)


def one(episode: Episode, name: str):
    """A one-to-one part of the episode (ending, pass, referral), or None."""
    try:
        return getattr(episode, name)
    except ObjectDoesNotExist:
        return None


def closed_message(episode: Episode) -> str:
    return (
        f"This episode is {episode.get_status_display().lower()}, so it cannot be changed. "
        "If they need support again, add a new referral"
    )


def refuse_closed(request, episode: Episode):
    """A change to an episode that no longer takes it: say so, change nothing."""
    if request.method == "POST":
        messages.error(request, closed_message(episode))
    else:
        messages.info(request, closed_message(episode))
    return redirect("episodes:episode", episode_id=episode.pk)


def _back(request, episode: Episode, own: bool, worker: bool) -> dict:
    person = episode.person
    if own:
        return {"href": reverse("episodes:mine"), "text": "Back to your support"}
    if worker:
        if permissions.can(request.user, "person.view", person):
            return {"href": person_home(person), "text": f"Back to {person.short_name}"}
        return {"href": reverse("episodes:incoming"), "text": "Back to referrals"}
    href = reverse("episodes:cared_for", args=[person.pk])
    return {"href": href, "text": f"Back to {person.short_name}"}


def _move_url(episode: Episode) -> str | None:
    """Recovery coaching's steps back to the GP (the coaching pages), where it has them."""
    if episode.episode_type.kind != Kind.RECOVERY_COACHING:
        return None
    return reverse("episodes:move", args=[episode.pk])


@require_safe
def episode(request, episode_id: int):
    episode = get_episode(request, episode_id, "episode.view")
    person = episode.person
    own = permissions.is_self(request.user, person)
    worker = permissions.can(request.user, "episode.change", episode)
    carer = not own and not worker
    open_door = one(episode, "open_door_pass")
    can_use_pass = own and open_door is not None and not services.why_not_usable(open_door)
    if not own:
        access_log.record_request(request, person, AccessAction.VIEW, obj=episode)
    moves = schedule.moves_from(episode.status)
    return render(
        request,
        "episodes/team/episode.jinja",
        {
            "episode": episode,
            "person": person,
            "own": own,
            "worker": worker,
            "carer": carer,
            "name": "you" if own else person.short_name,
            "referral": one(episode, "referral"),
            "ending": one(episode, "ending"),
            "open_door": open_door,
            "use_pass_url": reverse("episodes:use_pass", args=[open_door.pk])
            if can_use_pass
            else None,
            "goals": list(episode.goals.select_related("plan_goal")),
            "contacts": list(episode.contacts.select_related("by")),
            "history": list(episode.history.select_related("changed_by")),
            "move_url": _move_url(episode) if not carer else None,
            "show_plan_titles": permissions.can(request.user, "person.view_plans", person),
            "can_move": worker and bool(moves),
            "can_record": worker and episode.is_open,
            "can_end": worker and episode.status in schedule.ENDABLE,
            "can_refer": worker and permissions.can(request.user, "person.refer", person),
            "back": _back(request, episode, own, worker),
            "present": presenters,
            "reader": request.user,
        },
    )
