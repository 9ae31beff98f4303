"""My recovery and wellbeing plan: the person's own, and a worker's pages writing it with them.

One set of views: without a person_id they are the signed-in person's own plan;
with one, a worker on the person's team's caseload writes with them. Who may do
what is decided by core.permissions only; a worker's view or change of the plan
writes an access event for the person: every page shown to a worker is a VIEW, every
save a CHANGE. Only the person agrees their plan.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.forms import add_service_errors
from recoveryhub.core.models import AccessAction
from recoveryhub.people.models import Person

from .. import services, versions
from ..forms_recovery import (
    STEP_ROWS,
    GoalForm,
    PlanForm,
    RatingForm,
    instrument_name,
    section_label,
    wellbeing_area_text,
)
from ..models import Goal, GoalRating, RecoveryPlan, RecoveryPlanVersion

GET_POST = ["GET", "HEAD", "POST"]
RECENT_RATINGS = 5

# Own page name -> the worker's page name (the person's id comes first in its URL).
_NAMES = {
    "mine": "person_plan",
    "edit": "person_edit",
    "goal_add": "person_goal_add",
    "goal_change": "person_goal_change",
    "goal_rate": "person_goal_rate",
    "versions": "person_versions",
    "compare": "person_compare",
    "print": "person_print",
    "pdf": "person_pdf",
}


def labels() -> dict[str, str]:
    """How a version's changes name each section and goal field: the models' verbose names."""
    found = {name: section_label(name) for name in services.PLAN_SECTIONS}
    found["review_on"] = "Review date"
    found["goal"] = "Goal"
    for name in ["title", "why_it_matters", "status", "wellbeing_area", "instrument"]:
        found[name] = str(Goal._meta.get_field(name).verbose_name).capitalize()
    found["steps"] = "Steps"
    return found


def _person(request, person_id: int | None) -> Person:
    """The signed-in person, or someone whose plans the user may see; else 'not found'."""
    lookup = {"user_id": request.user.pk} if person_id is None else {"pk": person_id}
    return permissions.get_or_404(request.user, "person.view_plans", Person.objects, **lookup)


def _plan(request, person: Person, action: str) -> RecoveryPlan:
    """The person's plan (not saved yet when they have not started it), if `action` is allowed."""
    plan = RecoveryPlan.objects.select_related("agreed_version").filter(person=person).first()
    if plan is None:
        plan = RecoveryPlan(person=person)
    else:
        plan.person = person
    if not permissions.can(request.user, action, plan):
        raise Http404
    return plan


def _own(request, person) -> bool:
    return person.user_id == request.user.pk


def _log(request, person, plan, action: AccessAction) -> None:
    access_log.record_request(request, person, action, obj=plan if plan.pk else person)


def _link(person, own: bool, name: str, *args) -> str:
    if own:
        return reverse(f"plans:{name}", args=args or None)
    return reverse(f"plans:{_NAMES[name]}", args=[person.pk, *args])


def _base(request, person, plan) -> dict:
    own = _own(request, person)

    def link(name, *args):
        return _link(person, own, name, *args)

    return {
        "person": person,
        "plan": plan,
        "own": own,
        "whose": "Your" if own else f"{person.short_name}'s",
        "link": link,
        "plan_home": link("mine"),
        "can_change": permissions.can(request.user, "plan.change", plan),
    }


def _latest_versions(plan, count=None):
    if plan.pk is None:
        return []
    found = plan.versions.select_related("written_by").order_by("-number")
    return list(found[:count] if count else found)


def _localise(found):
    for version in found:
        version.local_written_at = timezone.localtime(version.written_at)
    return found


# The plan -----------------------------------------------------------------------------


@require_safe
def plan_page(request, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.view")
    goals = []
    if plan.pk:
        goals = list(
            plan.goals.prefetch_related(
                "steps",
                Prefetch("ratings", queryset=GoalRating.objects.order_by("-rated_at", "-id")),
            )
        )
        _log(request, person, plan, AccessAction.VIEW)
    latest = _localise(_latest_versions(plan, 1))
    latest = latest[0] if latest else None
    agreed = plan.agreed_version
    if agreed is not None:
        agreed.local_written_at = timezone.localtime(agreed.written_at)
    context = _base(request, person, plan)
    own = context["own"]
    progress = "measures:progress" if own else "measures:person_progress"

    def progress_url(code):
        return reverse(progress, args=[code] if own else [person.pk, code])

    return render(
        request,
        "plans/recovery/plan.jinja",
        {
            **context,
            "sections": [
                (section_label(name), getattr(plan, name)) for name in services.PLAN_SECTIONS
            ],
            "written": any(getattr(plan, name) for name in services.PLAN_SECTIONS),
            "goals": [
                {
                    "goal": goal,
                    "steps": list(goal.steps.all()),
                    "ratings": list(goal.ratings.all())[:RECENT_RATINGS],
                    "wellbeing_area": wellbeing_area_text(goal.wellbeing_area),
                    "wellbeing_url": progress_url("wellbeing") if goal.wellbeing_area else None,
                    "instrument": instrument_name(goal.instrument),
                    "instrument_url": progress_url(goal.instrument)
                    if instrument_name(goal.instrument)
                    else None,
                }
                for goal in goals
            ],
            "latest": latest,
            "agreed": agreed,
            "needs_agreement": latest is not None and plan.agreed_version_id != latest.pk,
            "can_agree": plan.pk is not None and permissions.can(request.user, "plan.agree", plan),
        },
    )


@require_http_methods(GET_POST)
def edit(request, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.change")
    initial = {name: getattr(plan, name) for name in services.PLAN_SECTIONS}
    initial["review_on"] = plan.review_on
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_of(person)
        try:
            services.save_plan(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, person, plan, AccessAction.CHANGE)
            messages.success(request, "Plan saved")
            return redirect(_link(person, _own(request, person), "mine"))
    if plan.pk:
        _log(request, person, plan, AccessAction.VIEW)
    return render(
        request, "plans/recovery/edit.jinja", {**_base(request, person, plan), "form": form}
    )


@require_POST
def agree(request):
    person = _person(request, None)
    plan = _plan(request, person, "plan.agree")
    if plan.pk is None:
        raise Http404
    try:
        services.agree_plan(plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have agreed your plan")
    return redirect("plans:mine")


# Goals -----------------------------------------------------------------------------


def _goal(plan, goal_id: int) -> Goal:
    if plan.pk is None:
        raise Http404
    goal = plan.goals.filter(pk=goal_id).prefetch_related("steps").first()
    if goal is None:
        raise Http404
    return goal


@require_http_methods(GET_POST)
def goal_form(request, goal_id: int | None = None, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.change")
    goal = _goal(plan, goal_id) if goal_id is not None else None
    existing = list(goal.steps.all()) if goal else []
    initial = GoalForm.initial_for(goal) if goal else {}
    rows = max(STEP_ROWS, len(existing) + 1)
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, initial=initial, rows=rows, existing=existing)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_of(person)
        fields = {
            name: form.cleaned_data[name]
            for name in ["title", "why_it_matters", "status", "wellbeing_area", "instrument"]
        }
        try:
            saved = services.save_goal(plan, goal, by=request.user, steps=form.steps(), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, person, plan, AccessAction.CHANGE)
            messages.success(request, f"Goal saved: {saved.title}")
            return redirect(_link(person, _own(request, person), "mine") + f"#goal-{saved.pk}")
    if plan.pk:
        _log(request, person, plan, AccessAction.VIEW)
    return render(
        request,
        "plans/recovery/goal.jinja",
        {**_base(request, person, plan), "form": form, "goal": goal},
    )


@require_http_methods(GET_POST)
def goal_rate(request, goal_id: int, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.change")
    goal = _goal(plan, goal_id)
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.rate_goal(goal, form.cleaned_data["rating"], by=request.user)
        _log(request, person, plan, AccessAction.CHANGE)
        messages.success(request, f"Progress saved: {goal.title}")
        return redirect(_link(person, _own(request, person), "mine") + f"#goal-{goal.pk}")
    last = goal.ratings.order_by("-rated_at", "-id").first()
    _log(request, person, plan, AccessAction.VIEW)
    return render(
        request,
        "plans/recovery/rate.jinja",
        {**_base(request, person, plan), "form": form, "goal": goal, "last": last},
    )


# History -----------------------------------------------------------------------------


@require_safe
def version_history(request, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.view")
    found = _localise(_latest_versions(plan))
    if plan.pk:
        _log(request, person, plan, AccessAction.VIEW)
    context = _base(request, person, plan)

    def compare_url(before: int, after: int) -> str:
        return f"{context['link']('compare')}?from={before}&to={after}"

    return render(
        request,
        "plans/recovery/versions.jinja",
        {**context, "versions": found, "compare_url": compare_url},
    )


def _number(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@require_safe
def compare(request, person_id: int | None = None):
    person = _person(request, person_id)
    plan = _plan(request, person, "plan.view")
    context = _base(request, person, plan)
    numbers = (
        list(plan.versions.order_by("-number").values_list("number", flat=True)) if plan.pk else []
    )
    problem = None
    before = after = None
    changes = []
    if len(numbers) < 2:
        problem = "There is only one version so far, so there is nothing to compare yet."
        if not numbers:
            problem = "There are no versions yet: versions are kept each time the plan is saved."
    else:
        asked_from, asked_to = request.GET.get("from"), request.GET.get("to")
        n_from = _number(asked_from) if asked_from is not None else numbers[1]
        n_to = _number(asked_to) if asked_to is not None else numbers[0]
        if n_from not in numbers or n_to not in numbers:
            problem = (
                f"Choose two versions from 1 to {numbers[0]}: the versions asked for do not exist."
            )
        elif n_from == n_to:
            problem = "Choose two different versions to compare."
        else:
            n_from, n_to = sorted([n_from, n_to])
            chosen = {
                v.number: v
                for v in plan.versions.filter(number__in=[n_from, n_to]).select_related(
                    "written_by"
                )
            }
            before, after = _localise([chosen[n_from], chosen[n_to]])
            changes = versions.changes(before.content, after.content, labels())
    if plan.pk:
        _log(request, person, plan, AccessAction.VIEW)
    all_versions = [RecoveryPlanVersion(number=n) for n in numbers]
    return render(
        request,
        "plans/recovery/compare.jinja",
        {
            **context,
            "problem": problem,
            "before": before,
            "after": after,
            "changes": changes,
            "numbers": all_versions,
        },
        status=200,
    )
