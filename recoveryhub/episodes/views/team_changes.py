"""A team worker's changes to an episode, each a small form page (see team_episode.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.plans.models import Goal

from .. import presenters, schedule, services
from ..forms_episode import ContactForm, DetailsForm, EndForm, GoalForm, StatusForm
from ..models import OPEN
from .team_episode import get_episode, one, refuse_closed

GET_POST = ["GET", "HEAD", "POST"]
# Statuses with somewhere to move to (finishing is done by ending it).
MOVABLE = frozenset(status for status, to in schedule.MOVES.items() if to)


def _change(request, episode_id, *, allowed, make_form, save, template, done, extra=None):
    """The one shape of every change page: refuse a closed episode, show the form, call
    the service, show its refusals on the form, log the view or the change."""
    episode = get_episode(request, episode_id, "episode.change")
    if episode.status not in allowed:
        return refuse_closed(request, episode)
    form = make_form(episode, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = save(episode, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, episode.person, AccessAction.CHANGE, obj=changed)
            messages.success(request, done(episode, changed))
            return redirect("episodes:episode", episode_id=episode.pk)
    access_log.record_request(request, episode.person, AccessAction.VIEW, obj=episode)
    context = {"episode": episode, "person": episode.person, "form": form, "present": presenters}
    return render(request, template, context | (extra(episode) if extra else {}))


@require_http_methods(GET_POST)
def status(request, episode_id: int):
    return _change(
        request,
        episode_id,
        allowed=MOVABLE,
        make_form=lambda episode, data: StatusForm(data, episode=episode),
        save=lambda episode, form: services.change_status(
            episode, form.cleaned_data["to"], by=request.user, reason=form.cleaned_data["reason"]
        ),
        template="episodes/team/status.jinja",
        done=lambda episode, changed: (
            f"The episode is now {presenters.status_label(changed.status).lower()}"
        ),
    )


@require_http_methods(GET_POST)
def contact(request, episode_id: int):
    return _change(
        request,
        episode_id,
        allowed=OPEN,
        make_form=lambda episode, data: ContactForm(data, initial={"on": timezone.localdate()}),
        save=lambda episode, form: services.record_contact(
            episode, by=request.user, **form.cleaned_data
        ),
        template="episodes/team/contact.jinja",
        done=lambda episode, contact: f"The contact on {long_date(contact.on)} is recorded",
    )


def _plan_goals(request, episode):
    """The person's recovery plan goals, for a worker who may read their plan."""
    if not permissions.can(request.user, "person.view_plans", episode.person):
        return Goal.objects.none()
    linked = episode.goals.filter(plan_goal__isnull=False).values("plan_goal_id")
    return Goal.objects.filter(plan__person=episode.person).exclude(pk__in=linked)


@require_http_methods(GET_POST)
def goal(request, episode_id: int):
    return _change(
        request,
        episode_id,
        allowed=OPEN,
        make_form=lambda episode, data: GoalForm(data, plan_goals=_plan_goals(request, episode)),
        save=lambda episode, form: services.add_goal(
            episode, title=form.cleaned_data["title"], plan_goal=form.cleaned_data["plan_goal"]
        ),
        template="episodes/team/goal.jinja",
        done=lambda episode, goal: f"The goal '{goal.title}' is added",
    )


@require_http_methods(GET_POST)
def details(request, episode_id: int):
    return _change(
        request,
        episode_id,
        allowed=OPEN,
        make_form=lambda episode, data: DetailsForm(
            data,
            episode=episode,
            initial={"worker": episode.worker_id, "review_on": _coming(episode.review_on)},
        ),
        save=lambda episode, form: services.set_details(episode, **form.cleaned_data),
        template="episodes/team/details.jinja",
        done=lambda episode, changed: "The named worker and review date are saved",
        extra=lambda episode: {"passed_review": _passed(episode.review_on)},
    )


def _coming(day):
    """A review date still to come; a passed one is not offered again (it would be refused)."""
    return day if day is None or day >= timezone.localdate() else None


def _passed(day):
    return day if day is not None and day < timezone.localdate() else None


def _end(request, episode, form):
    record = services.EndingRecord(**form.record_fields())
    return services.end_episode(
        episode, record, by=request.user, ends_on=form.cleaned_data["ends_on"]
    )


def _ended(episode, ending) -> str:
    done = "The episode has ended"
    open_door = one(ending.episode, "open_door_pass")
    if open_door is not None:
        name = episode.person.short_name
        done += f". {name} has an open-door pass until {long_date(open_door.valid_until)}"
    return done


@require_http_methods(GET_POST)
def end(request, episode_id: int):
    def make_form(episode, data):
        goals = list(episode.goals.all())
        return EndForm(
            data,
            episode=episode,
            goals=goals,
            name=episode.person.short_name,
            initial={"ends_on": timezone.localdate(), "goals_met": []},
        )

    return _change(
        request,
        episode_id,
        allowed=schedule.ENDABLE,
        make_form=make_form,
        save=lambda episode, form: _end(request, episode, form),
        template="episodes/team/end.jinja",
        done=_ended,
        extra=lambda episode: {"gives_pass": services.gives_a_pass(episode.episode_type)},
    )
