"""One audit round: its steps and the ratings so far, and the pages of each step (the
team's own rating, an auditor's, the agreed one, the top three priorities). Each page asks
its own rule from core/permissions.py on GET and POST alike; the services refuse a step
out of turn, and that refusal is shown as the form's error summary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.permissions import can

from .. import presenters_audits, services
from ..forms_audits import PrioritiesForm, RatingsForm, initial_from
from ..models import AuditRound, RatedBy
from .audits import private

GET_POST = ["GET", "HEAD", "POST"]
STEP_RULES = {
    "rate_team": "round.rate_self",
    "rate_auditor": "round.rate_as_auditor",
    "agree": "round.agree",
    "priorities": "round.choose_priorities",
}


def _round(request, rule: str, pk: int) -> AuditRound:
    rounds = AuditRound.objects.select_related("team", "peer_auditor", "worker_auditor")
    return permissions.get_or_404(request.user, rule, rounds, pk=pk)


def _open_steps(user, round, stage: str, done: bool) -> dict:
    """The step pages this reader may open now, by URL name: a step open to them, or one
    already done (its page then shows what was given). Never a step that cannot start."""
    now = {
        "rate_team": True,
        "rate_auditor": stage != "self-rating",
        "agree": (stage == "visit" and done) or round.agreed_at is not None,
        "priorities": stage in ("priorities", "finished"),
    }
    return {
        name: reverse(f"practice:{name}", args=[round.pk])
        for name in STEP_RULES
        if now[name] and can(user, STEP_RULES[name], round)
    }


@require_safe
@private
def round_view(request, pk: int):
    round = _round(request, "round.view", pk)
    user, framework, stage = request.user, services.framework_of(round), services.stage(round)
    ratings = list(round.ratings.all())
    counts = presenters_audits.rated_counts(ratings)
    done = all(n == len(framework.items) for n in counts.values())
    rater = services.rater_for(round, user) if can(user, "round.rate_as_auditor", round) else None
    columns = presenters_audits.visible_columns(stage, rater, done)
    priorities = [
        (framework.item(p.item).title, p.action)
        for p in round.priorities.select_related("action", "action__lead")
    ]
    return render(
        request,
        "practice/audits/round.jinja",
        {
            "round": round,
            "framework": framework,
            "stage": stage,
            "tag": presenters_audits.stage_tag(stage),
            "steps": presenters_audits.steps(
                round,
                stage,
                links=_open_steps(user, round, stage, done),
                counts=counts,
                items=len(framework.items),
                done=done,
            ),  # fmt: skip
            "ratings": presenters_audits.ratings_table(framework, ratings, columns)
            if columns
            else None,
            "apart": stage == "visit" and not done,
            "priorities": priorities,
            "evidence": can(user, "round.evidence", round),
            "plan": can(user, "practice.plan"),
            "team_page": can(user, "practice.team_audits", round.team),
        },
    )


def _rate(request, pk: int, *, step: str, complete: bool, is_open, do, saved: str, by=None):
    """A rating page: `is_open(round, stage)` says whether the step is open now, `do` is
    the service, `by` the rating to start the form from (an auditor's part-done one)."""
    round = _round(request, STEP_RULES[step], pk)
    framework, stage = services.framework_of(round), services.stage(round)
    ratings = list(round.ratings.all())
    rater = by(round) if by else None
    if request.method == "POST":
        form = RatingsForm(request.POST, framework=framework, complete=complete)
        if form.is_valid():
            try:
                do(round, form.ratings(), by=request.user)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, saved)
                return redirect("practice:round", pk=round.pk)
    else:
        mine = [r for r in ratings if rater and r.by == rater]
        form = RatingsForm(framework=framework, complete=complete, initial=initial_from(mine))
    counts = presenters_audits.rated_counts(ratings)
    kept = {"rate_team": RatedBy.TEAM, "rate_auditor": rater, "agree": RatedBy.AGREED}[step]
    shown = {RatedBy.TEAM} | ({rater} if rater else set())
    if step == "agree":
        shown = {RatedBy.TEAM, RatedBy.PEER, RatedBy.WORKER}
    seen = {}
    for rating in ratings:
        if rating.by in shown and rating.by != rater:
            seen.setdefault(rating.item, []).append(
                f"{rating.get_by_display()}: {framework.stage(rating.stage).name}"
            )
    return render(
        request,
        f"practice/audits/{step}.jinja",
        {
            "round": round,
            "framework": framework,
            "form": form,
            "open": is_open(round, stage),
            "stage": stage,
            "counts": counts,
            "items": len(framework.items),
            "seen": {key: ". ".join(words) + "." for key, words in seen.items()},
            "kept": presenters_audits.kept_rating(framework, ratings, kept),
            "present": presenters_audits,
        },
    )


@require_http_methods(GET_POST)
@private
def rate_team(request, pk: int):
    return _rate(
        request, pk, step="rate_team", complete=True, do=services.rate_as_team,
        is_open=lambda round, stage: stage == "self-rating",
        saved="Your team's own rating is saved. The auditors will see it before they visit",
    )  # fmt: skip


@require_http_methods(GET_POST)
@private
def rate_auditor(request, pk: int):
    return _rate(
        request, pk, step="rate_auditor", complete=False, do=services.rate_as_auditor,
        is_open=lambda round, stage: stage == "visit",
        by=lambda round: services.rater_for(round, request.user),
        saved="Your rating is saved. You can come back to it until the rating is agreed",
    )  # fmt: skip


@require_http_methods(GET_POST)
@private
def agree(request, pk: int):
    return _rate(
        request, pk, step="agree", complete=True, do=services.agree,
        is_open=lambda round, stage: stage == "visit" and services.auditors_done(round),
        saved="The agreed rating is saved. The team can now choose its top three priorities",
    )  # fmt: skip


@require_http_methods(GET_POST)
@private
def priorities(request, pk: int):
    round = _round(request, "round.choose_priorities", pk)
    framework, stage = services.framework_of(round), services.stage(round)
    form = None
    if stage == "priorities" or request.method == "POST":
        data = request.POST if request.method == "POST" else None
        form = PrioritiesForm(data, framework=framework, team=round.team)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_priorities(
                round, form.chosen(), by=request.user, lead=form.cleaned_data["lead"],
                due_on=form.cleaned_data["due_on"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your top three priorities are now actions of the plan")
            return redirect("practice:priorities", pk=round.pk)
    chosen = list(round.priorities.select_related("action", "action__lead"))
    return render(
        request,
        "practice/audits/priorities.jinja",
        {
            "round": round,
            "framework": framework,
            "stage": stage,
            "form": form,
            "chosen": chosen,
            "plan": can(request.user, "practice.plan"),
        },
    )
