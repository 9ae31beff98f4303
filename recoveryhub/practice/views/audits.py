"""The Recovery practice hub and the audit pages around rounds: every round and starting
one (managers), a team's audits and its trajectory (its staff and managers), and how
stages are spread across teams (managers; counts of teams, never which team)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.permissions import can
from recoveryhub.people.models import Team

from .. import frameworks, presenters_audits, services, stages
from ..forms_audits import StartRoundForm
from ..models import AuditRound, RatedBy, Rating

private = cache_control(private=True, no_store=True)
PER_PAGE = 25


def _need(request, rule: str, obj=None) -> None:
    if not can(request.user, rule, obj):
        raise Http404


@require_safe
@private
def home(request):
    user = request.user
    _need(request, "practice.home")
    teams = list(Team.objects.filter(members__user=user).order_by("name"))
    open_rounds = (
        AuditRound.objects.filter(team__in=teams, finished_at__isnull=True)
        .select_related("team")
        .order_by("visit_on", "pk")
    )
    team_rounds = {}
    for round in open_rounds:
        words = presenters_audits.waiting_for_team(round, services.stage(round))
        team_rounds.setdefault(round.team_id, []).append((round, words))
    return render(
        request,
        "practice/home.jinja",
        {
            "teams": [(t, team_rounds.get(t.pk, [])) for t in teams],
            "audits": _auditing(user),
            "may": {
                rule: can(user, f"practice.{rule}")
                for rule in ("organise", "stages", "plan", "reports")
            },
        },
    )


def _auditing(user) -> list:
    """The rounds the reader audits (never their own team's, as permissions' audits_the_round
    says), with what waits for them: one query however many rounds."""
    found = (
        AuditRound.objects.filter(Q(peer_auditor=user) | Q(worker_auditor=user))
        .exclude(team__in=Team.objects.filter(members__user=user))
        .select_related("team")
        .annotate(
            peer_rated=Count("ratings", filter=Q(ratings__by=RatedBy.PEER)),
            worker_rated=Count("ratings", filter=Q(ratings__by=RatedBy.WORKER)),
        )
        .order_by("-visit_on", "-pk")
    )
    made = []
    for round in found:
        mine, other = (
            (round.peer_rated, round.worker_rated)
            if round.peer_auditor_id == user.pk
            else (round.worker_rated, round.peer_rated)
        )
        items = len(services.framework_of(round).items)
        words = presenters_audits.waiting_for_auditor(services.stage(round), mine, other, items)
        made.append((round, words))
    return made


@require_safe
@private
def rounds(request):
    _need(request, "practice.organise")
    found = AuditRound.objects.select_related("team").order_by("-visit_on", "-pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/audits/rounds.jinja",
        {
            "page": page,
            "rows": [(r, presenters_audits.framework_title(r), services.stage(r)) for r in page],
            "present": presenters_audits,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private
def round_start(request):
    _need(request, "practice.organise")
    form = StartRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.start_round(
                team=data["team"], framework=form.chosen_framework(), visit_on=data["visit_on"],
                peer=data["peer_auditor"], worker=data["worker_auditor"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The audit of {made.team.name} is set up")
            return redirect("practice:round", pk=made.pk)
    return render(request, "practice/audits/round_start.jinja", {"form": form})


@require_safe
@private
def team_audits(request, team_id: int):
    team = permissions.get_or_404(request.user, "practice.team_audits", Team.objects, pk=team_id)
    found = list(AuditRound.objects.filter(team=team).order_by("-visit_on", "-pk"))
    agreed = {
        (round_id, item): stage
        for round_id, item, stage in Rating.objects.filter(
            round__team=team, by=RatedBy.AGREED
        ).values_list("round_id", "item", "stage")
    }
    return render(
        request,
        "practice/audits/team_audits.jinja",
        {
            "team": team,
            "rows": [(r, presenters_audits.framework_title(r), services.stage(r)) for r in found],
            "trajectories": presenters_audits.trajectories(found, agreed),
            "present": presenters_audits,
        },
    )


@require_safe
@private
def stages_view(request):
    _need(request, "practice.stages")
    used = set(
        AuditRound.objects.filter(agreed_at__isnull=False)
        .values_list("framework", "framework_version")
        .distinct()
    )
    shown = []
    for (key, version), framework in sorted(frameworks.load().items()):
        if (key, version) not in used:
            continue
        spreads = stages.spread(framework)
        shown.append(
            (
                framework,
                presenters_audits.spread_table(framework, spreads),
                [presenters_audits.spread_bars(s) for s in spreads],
            )
        )
    return render(request, "practice/audits/stages.jinja", {"frameworks": shown})
