"""A team's referrals in: the incoming list, a referral and its triage (accept, join to
another referral, decline: a short page each) and a worker adding a referral for someone
on their caseload.

Who may do what is core.permissions' to decide; anyone else gets 'not found'. The list
shows names and dates only (as the caseload does) and writes no access event; opening a
referral writes one (a view), and triaging or adding one writes a change.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person, Team

from .. import presenters, services
from ..forms_triage import AcceptForm, DeclineForm, MergeForm, ReferForm, merge_targets
from ..models import Referral, ReferralStatus, Status

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25
RECENT = 10  # recently triaged referrals shown under the waiting ones


def _team(request, teams: list) -> Team:
    """The team chosen with ?team=<id> among the worker's own; anything else, their first."""
    wanted = request.GET.get("team", "")
    return next((t for t in teams if str(t.pk) == wanted), teams[0])


@require_safe
def incoming(request):
    if not permissions.can(request.user, "referrals.triage"):
        raise Http404
    teams = list(Team.objects.filter(members__user=request.user).distinct().order_by("name"))
    team = _team(request, teams)
    hidden = permissions.firewalled_people(request.user)  # colleagues who use services
    waiting = services.incoming(team).exclude(person_id__in=hidden)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    recent = list(
        Referral.objects.filter(team=team, triaged_at__isnull=False)
        .exclude(status=ReferralStatus.NEW)
        .exclude(person_id__in=hidden)
        .select_related("person", "episode")
        .order_by("-triaged_at", "-pk")[:RECENT]
    )
    return render(
        request,
        "episodes/team/incoming.jinja",
        {
            "teams": teams,
            "team": team,
            "page": page,
            "recent": recent,
            "today": timezone.localdate(),
            "present": presenters,
        },
    )


def _referral(request, referral_id: int) -> Referral:
    return permissions.get_or_404(
        request.user,
        "referral.triage",
        Referral.objects.select_related(
            "person",
            "team",
            "created_by",
            "triaged_by",
            "merged_into",
            "episode",
            "follows_episode__episode_type",
            "follows_episode__ending",
        ),  # fmt: skip
        pk=referral_id,
    )


@require_safe
def referral(request, referral_id: int):
    referral = _referral(request, referral_id)
    person = referral.person
    access_log.record_request(request, person, AccessAction.VIEW, obj=referral)
    waiting = referral.status == ReferralStatus.NEW
    return render(
        request,
        "episodes/team/referral.jinja",
        {
            "referral": referral,
            "person": person,
            "present": presenters,
            "today": timezone.localdate(),
            "can_view_person": permissions.can(request.user, "person.view", person),
            "can_merge": waiting and merge_targets(referral).exists(),
        },
    )


def _triage_page(request, referral_id: int, *, make_form, act, template: str):
    """The one shape of the three triage pages: refuse a referral already triaged, show
    the form, call the service, show its refusals on the form, log the view or change."""
    referral = _referral(request, referral_id)
    person = referral.person
    if referral.status != ReferralStatus.NEW:
        already = (
            f"This referral has already been triaged: {referral.get_status_display().lower()}"
        )
        if request.method == "POST":
            messages.error(request, f"{already}. Nothing was changed")
        else:
            messages.info(request, already)
        return redirect("episodes:referral", referral_id=referral.pk)
    form = make_form(referral, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            goes_to, done = act(referral, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=referral)
            messages.success(request, done)
            return redirect(goes_to)
    access_log.record_request(request, person, AccessAction.VIEW, obj=referral)
    context = {"referral": referral, "person": person, "form": form, "present": presenters}
    return render(request, template, context)


@require_http_methods(GET_POST)
def accept(request, referral_id: int):
    def make_form(referral, data):
        initial = {"start": Status.ACTIVE}
        if referral.team.members.filter(user=request.user).exists():
            initial["worker"] = request.user.pk
        return AcceptForm(data, referral=referral, initial=initial)

    def act(referral, data):
        episode = services.accept(
            referral,
            by=request.user,
            episode_type=data["episode_type"],
            start=data["start"],
            worker=data.get("worker"),
            starts_on=data.get("starts_on"),
        )
        status = presenters.status_label(episode.status).lower()
        done = f"The referral is accepted: {referral.person.short_name}'s "
        done += f"{episode.episode_type.name.lower()} is {status}"
        return reverse("episodes:episode", args=[episode.pk]), done

    return _triage_page(
        request, referral_id, make_form=make_form, act=act, template="episodes/team/accept.jinja"
    )


@require_http_methods(GET_POST)
def merge(request, referral_id: int):
    def act(referral, data):
        services.merge(referral, data["into"], by=request.user)
        return _list_of(referral), "The referral is joined to the other one it asks the same as"

    return _triage_page(
        request,
        referral_id,
        make_form=lambda referral, data: MergeForm(data, referral=referral),
        act=act,
        template="episodes/team/merge.jinja",
    )


@require_http_methods(GET_POST)
def decline(request, referral_id: int):
    def act(referral, data):
        services.decline(
            referral,
            by=request.user,
            reason=data["decline_reason"],
            signposted_to=data["signposted_to"],
            detail=data.get("decline_detail") or "",
        )
        return _list_of(referral), "The referral is declined"

    return _triage_page(
        request,
        referral_id,
        make_form=lambda referral, data: DeclineForm(data),
        act=act,
        template="episodes/team/decline.jinja",
    )


def _list_of(referral: Referral) -> str:
    return f"{reverse('episodes:incoming')}?team={referral.team_id}"


@require_http_methods(GET_POST)
def person_refer(request, person_id: int):
    person = permissions.get_or_404(request.user, "person.refer", Person.objects, pk=person_id)
    form = ReferForm(
        request.POST if request.method == "POST" else None,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.refer(
                person,
                data["team"],
                source=data["source"],
                reason=data["reason"],
                by=request.user,
                referrer=data.get("referrer") or "",
                received_at=form.received_at(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_log.record_request(request, person, AccessAction.CHANGE, obj=referral)
            messages.success(
                request,
                f"The referral of {person.short_name} to {referral.team.name} is added. "
                "It is waiting to be triaged",
            )
            if permissions.can(request.user, "referral.triage", referral):
                return redirect("episodes:referral", referral_id=referral.pk)
            return redirect(person_home(person))
    access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request,
        "episodes/team/refer.jinja",
        {"person": person, "form": form, "back": person_home(person)},
    )


def person_home(person) -> str:
    """A worker's page of the person's support."""
    return reverse("episodes:person", args=[person.pk])
