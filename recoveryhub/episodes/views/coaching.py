"""Recovery coaches' pages: their caseload of people moving out of secondary services back
to their GP, the steps of each move, and the community groups they linked the person to.

The caseload is for recovery coaches ("coaching.caseload"). A move is read by whoever may
see the episode ("episode.view": the person, their team's workers, a carer as shared) and
changed by the team's workers ("episode.change"); anyone else gets 'not found'. Every
view or change by someone other than the person writes one access event; the caseload,
like the team's caseload list (people:caseload), lists names without one.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction

from .. import coaching
from ..forms_coaching import CommunityLinkForm, StepDoneForm
from ..models import CommunityLink, MoveStep

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50

# The steps as the person reads them ("you"); others read the step's own label, naming them.
STEPS_FOR_THE_PERSON = {
    MoveStep.AGREED: "We agreed your move back to your GP",
    MoveStep.GP_LETTER: "We wrote to your GP",
    MoveStep.MEDICINES: "We handed over your medicines to your GP",
    MoveStep.RELAPSE_PLAN: "We shared your plan for if things get harder",
    MoveStep.COMMUNITY: "We linked you to groups in the community",
    MoveStep.LAST_REVIEW: "Our last review together",
}
# What to do next, as a task, on the caseload.
NEXT = {
    MoveStep.AGREED: "agree the move back to the GP",
    MoveStep.GP_LETTER: "write to the GP",
    MoveStep.MEDICINES: "hand over medicines to the GP",
    MoveStep.RELAPSE_PLAN: "share the plan for if things get harder",
    MoveStep.COMMUNITY: "link to groups in the community",
    MoveStep.LAST_REVIEW: "last review together",
}


def step_title(step: str, person, *, own: bool) -> str:
    if own:
        return STEPS_FOR_THE_PERSON[MoveStep(step)]
    return MoveStep(step).label.replace("with the person", f"with {person.short_name}")


def next_step_words(step: str) -> str:
    """'Next: write to the GP', or 'All steps done'."""
    return f"Next: {NEXT[MoveStep(step)]}" if step else "All steps done"


def _episode(request, episode_id: int, action: str):
    return permissions.get_or_404(
        request.user,
        action,
        coaching.coaching_episodes().select_related("person", "team", "episode_type", "worker"),
        pk=episode_id,
    )


def _log(request, episode, action: AccessAction, obj=None) -> None:
    access_log.record_request(request, episode.person, action, obj=obj or episode)


def _refused(request, episode, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("episodes:move", episode_id=episode.pk)


# The coach's caseload -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    episode: object
    steps: str  # "3 of 6 steps done"
    next_step: str
    links: str  # "2 community groups"


def _row(episode) -> CaseloadRow:
    links = episode.links
    return CaseloadRow(
        episode=episode,
        steps=f"{episode.steps_done} of {len(coaching.STEPS)} steps done",
        next_step=next_step_words(episode.next_step),
        links=f"{links} community group{'' if links == 1 else 's'}" if links else "None yet",
    )


@require_safe
def caseload(request):
    if not permissions.can(request.user, "coaching.caseload"):
        raise Http404
    mine = request.GET.get("mine") == "1"
    counts = coaching.caseload_counts(request.user)
    paginator = Paginator(coaching.caseload(request.user, mine=mine), PAGE_SIZE)
    paginator.count = counts["mine" if mine else "everyone"]  # counted already
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "episodes/coaching/caseload.jinja",
        {"page": page, "rows": [_row(e) for e in page], "mine": mine, "counts": counts},
    )


# The move back to the GP -------------------------------------------------------------


@require_safe
def move(request, episode_id: int):
    episode = _episode(request, episode_id, "episode.view")
    own = permissions.is_self(request.user, episode.person)
    person = episode.person
    can_change = episode.is_open and permissions.can(request.user, "episode.change", episode)
    steps = [
        {"step": step, "title": step_title(step, person, own=own), "done": done}
        for step, done in coaching.steps_of(episode)
    ]
    _log(request, episode, AccessAction.VIEW)
    return render(
        request,
        "episodes/coaching/move.jinja",
        {
            "episode": episode,
            "person": person,
            "own": own,
            "can_change": can_change,
            "steps": steps,
            "done_count": sum(1 for s in steps if s["done"]),
            "links": list(episode.community_links.all()),
        },
    )


@require_http_methods(GET_POST)
def move_step(request, episode_id: int, step: str):
    episode = _episode(request, episode_id, "episode.change")
    if step not in MoveStep.values:
        raise Http404
    if not episode.is_open:
        messages.info(request, "This coaching has ended, so its steps cannot be changed")
        return redirect("episodes:move", episode_id=episode.pk)
    undo = request.method == "POST" and request.POST.get("action") == "undo"
    if undo:
        try:
            undone = coaching.undo_step(episode, step, by=request.user)
        except ValidationError as error:
            _log(request, episode, AccessAction.VIEW)
            return _refused(request, episode, error)
        _log(request, episode, AccessAction.CHANGE, obj=undone)
        messages.success(request, f"{MoveStep(step).label}: marked as not done yet")
        return redirect("episodes:move", episode_id=episode.pk)
    form = StepDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = coaching.mark_step_done(
                episode, step, on=form.cleaned_data["done_on"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, episode, AccessAction.CHANGE, obj=done)
            messages.success(request, f"{MoveStep(step).label}: marked as done")
            return redirect("episodes:move", episode_id=episode.pk)
    _log(request, episode, AccessAction.VIEW)
    done = episode.move_steps.filter(step=step).select_related("by").first()
    if done is not None:  # marked by someone else meanwhile: the page says when, no date box
        form.non_field_error_target = "maincontent"
    return render(
        request,
        "episodes/coaching/step.jinja",
        {
            "episode": episode,
            "person": episode.person,
            "step": step,
            "title": step_title(step, episode.person, own=False),
            "done": done,
            "form": form,
        },
    )


# Community groups ----------------------------------------------------------------------


@require_http_methods(GET_POST)
def community_add(request, episode_id: int):
    episode = _episode(request, episode_id, "episode.change")
    if not episode.is_open:
        messages.info(request, "This coaching has ended, so no group can be added to it")
        return redirect("episodes:move", episode_id=episode.pk)
    form = CommunityLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link = coaching.add_community_link(episode, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, episode, AccessAction.CHANGE, obj=link)
            messages.success(request, f"{link.group} is added to the community groups")
            return redirect("episodes:move", episode_id=episode.pk)
    _log(request, episode, AccessAction.VIEW)
    return render(
        request,
        "episodes/coaching/community_add.jinja",
        {"episode": episode, "person": episode.person, "form": form},
    )


@require_POST
def community_remove(request, episode_id: int, link_id: int):
    episode = _episode(request, episode_id, "episode.change")
    link = CommunityLink.objects.filter(episode=episode, pk=link_id).first()
    if link is None:
        raise Http404
    try:
        coaching.remove_community_link(link, by=request.user)
    except ValidationError as error:
        _log(request, episode, AccessAction.VIEW)
        return _refused(request, episode, error)
    _log(request, episode, AccessAction.CHANGE, obj=link)
    messages.success(request, f"{link.group} is removed from the community groups")
    return redirect("episodes:move", episode_id=episode.pk)
