"""Positive risk-taking plans (strategy paras 38-42): a choice the person wants to make,
written with the people who support them, and how everyone makes it safer.

The person reaches their own plans at /positive-risk-plans/; a worker on their team's
caseload at /people/<id>/positive-risk-plans/. Who may see or do what is decided by
core.permissions only; anyone else gets 'not found'. Workers' views and changes write
access events for the person.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from ..forms_risk import CloseForm, ReviewForm, RiskPlanForm
from ..models import (
    Harm,
    Participant,
    ParticipantRole,
    PositiveRiskPlan,
    RiskPlanReview,
    RiskPlanStatus,
    SaferAction,
)

GET_POST = ["GET", "HEAD", "POST"]

# How the pages (and what changed) name each part of the plan.
LABELS = {
    "choice": "The choice I want to make",
    "what_and_why": "What I want and why",
    "benefits": "The benefits",
    "if_things_go_wrong": "What happens if things go wrong",
    "review_on": "Review date",
    "status": "Status",
    "harm": "Possible harm",
    "description": "Possible harm",
    "likelihood": "How likely",
    "seriousness": "How serious",
    "safer_action": "What will make it safer",
    "action": "What will make it safer",
    "who": "Who does it",
    "participant": "Taking part",
    "name": "Name",
    "role": "Taking part as",
}


def _person(request, person_id: int | None) -> Person:
    """The signed-in person's own record, or someone's whose plans they may see."""
    lookup = {"user_id": request.user.pk} if person_id is None else {"pk": person_id}
    return permissions.get_or_404(request.user, "person.view_plans", Person.objects, **lookup)


def _plan(request, plan_id: int, action: str) -> PositiveRiskPlan:
    return permissions.get_or_404(
        request.user,
        action,
        PositiveRiskPlan.objects.select_related("person", "agreed_version"),
        pk=plan_id,
    )


def _own(request, person) -> bool:
    return person.user_id is not None and person.user_id == request.user.pk


def _log(request, person, action: AccessAction, obj=None) -> None:
    access_log.record_request(request, person, action, obj=obj)


def _base(request, person) -> dict:
    own = _own(request, person)
    home = (
        reverse("plans:risk_plans")
        if own
        else reverse("plans:person_risk_plans", args=[person.pk])
    )
    return {"person": person, "own": own, "plans_home": home}


# Lists ---------------------------------------------------------------------------


@require_safe
def risk_plans(request, person_id: int | None = None):
    person = _person(request, person_id)
    plans = list(
        PositiveRiskPlan.objects.filter(person=person).order_by("status", "review_on", "-id")
    )
    if not _own(request, person):
        _log(request, person, AccessAction.VIEW)
    today = timezone.localdate()
    return render(
        request,
        "plans/risk/list.jinja",
        {
            **_base(request, person),
            "active": [p for p in plans if p.status == RiskPlanStatus.ACTIVE],
            "closed": [p for p in plans if p.status == RiskPlanStatus.CLOSED],
            "today": today,
            "can_add": permissions.can(
                request.user, "plan.change", PositiveRiskPlan(person=person)
            ),
        },
    )


# Writing -------------------------------------------------------------------------


def _save(request, form, person, plan):
    return services.save_risk_plan(
        person,
        plan,
        by=request.user,
        sections=form.sections(),
        harms=form.rows_data("harm"),
        safer_actions=form.rows_data("action"),
        participants=form.rows_data("participant"),
    )


@require_http_methods(GET_POST)
def risk_plan_add(request, person_id: int | None = None):
    person = _person(request, person_id)
    if not permissions.can(request.user, "plan.change", PositiveRiskPlan(person=person)):
        raise Http404
    own = _own(request, person)
    start_rows = {"participant": [{"name": person.display_name, "role": ParticipantRole.PERSON}]}
    if not own:
        start_rows["participant"].append(
            {"name": request.user.display_name, "role": ParticipantRole.WORKER}
        )
    form = RiskPlanForm(request.POST if request.method == "POST" else None, start_rows=start_rows)
    if request.method == "POST" and form.is_valid():
        try:
            plan = _save(request, form, person, None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, person, AccessAction.CHANGE, obj=plan)
            messages.success(request, "The positive risk-taking plan is saved")
            return redirect("plans:risk_plan", plan_id=plan.pk)
    if not own:
        _log(request, person, AccessAction.VIEW)
    return render(
        request, "plans/risk/form.jinja", {**_base(request, person), "form": form, "plan": None}
    )


@require_http_methods(GET_POST)
def risk_plan_change(request, plan_id: int):
    plan = _plan(request, plan_id, "plan.change")
    person = plan.person
    if plan.status == RiskPlanStatus.CLOSED:
        messages.info(request, "This plan is closed, so it cannot be changed")
        return redirect("plans:risk_plan", plan_id=plan.pk)
    form = RiskPlanForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, person, plan)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, person, AccessAction.CHANGE, obj=plan)
            messages.success(request, _saved_message(plan))
            return redirect("plans:risk_plan", plan_id=plan.pk)
    elif not _own(request, person):
        _log(request, person, AccessAction.VIEW, obj=plan)
    return render(
        request, "plans/risk/form.jinja", {**_base(request, person), "form": form, "plan": plan}
    )


def _saved_message(plan) -> str:
    if plan.participants.filter(agreed_at__isnull=False).exists():  # only the date moved
        return "Your changes are saved. Nothing that was agreed changed, so agreement stands"
    return "Your changes are saved. Everyone taking part can agree again"


@require_POST
def risk_plan_agree(request, plan_id: int):
    plan = _plan(request, plan_id, "risk_plan.agree")
    try:
        services.agree_risk_plan(plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _log(request, plan.person, AccessAction.CHANGE, obj=plan)
        messages.success(request, "You have agreed this plan")
    return redirect("plans:risk_plan", plan_id=plan.pk)


@require_http_methods(GET_POST)
def risk_plan_close(request, plan_id: int):
    plan = _plan(request, plan_id, "plan.change")
    if plan.status == RiskPlanStatus.CLOSED:
        return redirect("plans:risk_plan", plan_id=plan.pk)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.close_risk_plan(plan, by=request.user)
        _log(request, plan.person, AccessAction.CHANGE, obj=plan)
        messages.success(request, "The plan is closed. It is kept with its versions")
        return redirect(_base(request, plan.person)["plans_home"])
    if not _own(request, plan.person):
        _log(request, plan.person, AccessAction.VIEW, obj=plan)
    return render(
        request,
        "plans/risk/close.jinja",
        {**_base(request, plan.person), "plan": plan, "form": form},
    )


@require_http_methods(GET_POST)
def risk_plan_review(request, plan_id: int):
    """Record a review without changing the plan; the plan's history keeps it."""
    plan = _plan(request, plan_id, "risk_plan.record_review")
    if plan.status == RiskPlanStatus.CLOSED:
        messages.info(request, "This plan is closed, so there is nothing to review")
        return redirect("plans:risk_plan", plan_id=plan.pk)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"took_part": ", ".join(plan.participants.values_list("name", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_risk_review(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log(request, plan.person, AccessAction.CHANGE, obj=plan)
            messages.success(
                request, "The review is recorded. The plan has not changed, so nobody agrees again"
            )
            return redirect("plans:risk_plan", plan_id=plan.pk)
    elif not _own(request, plan.person):
        _log(request, plan.person, AccessAction.VIEW, obj=plan)
    return render(
        request,
        "plans/risk/review.jinja",
        {**_base(request, plan.person), "plan": plan, "form": form},
    )


def _reviews(plan) -> list:
    return list(RiskPlanReview.objects.filter(plan=plan).select_related("recorded_by"))


# Reading -------------------------------------------------------------------------


@require_safe
def risk_plan(request, plan_id: int):
    plan = _plan(request, plan_id, "plan.view")
    person = plan.person
    harms = list(Harm.objects.filter(plan=plan))
    actions = list(SaferAction.objects.filter(plan=plan))
    participants = list(Participant.objects.filter(plan=plan))
    recent = _local(list(plan.versions.select_related("written_by").order_by("-number")[:3]))
    if not _own(request, person):
        _log(request, person, AccessAction.VIEW, obj=plan)
    me = next((p for p in participants if p.user_id == request.user.pk), None)
    active = plan.status == RiskPlanStatus.ACTIVE
    can_change = active and permissions.can(request.user, "plan.change", plan)
    return render(
        request,
        "plans/risk/plan.jinja",
        {
            **_base(request, person),
            "plan": plan,
            "harms": harms,
            "actions": actions,
            "participants": participants,
            "recent": recent,
            "overdue": active and plan.review_on < timezone.localdate(),
            "can_change": can_change,
            "can_review": active
            and permissions.can(request.user, "risk_plan.record_review", plan),
            "reviews": _reviews(plan),
            "can_agree": active
            and bool(recent)
            and permissions.can(request.user, "risk_plan.agree", plan)
            and not (me and me.agreed_at),
            "i_agreed": me is not None and me.agreed_at is not None,
        },
    )


@require_safe
def risk_plan_versions(request, plan_id: int):
    plan = _plan(request, plan_id, "plan.view")
    found = list(plan.versions.select_related("written_by").order_by("-number"))
    if not _own(request, plan.person):
        _log(request, plan.person, AccessAction.VIEW, obj=plan)
    return render(
        request,
        "plans/risk/versions.jinja",
        {
            **_base(request, plan.person),
            "plan": plan,
            "versions": _local(found),
            "reviews": _reviews(plan),
        },
    )


def _local(found: list) -> list:
    for version in found:
        version.local_written_at = timezone.localtime(version.written_at)
    return found


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
def risk_plan_compare(request, plan_id: int):
    plan = _plan(request, plan_id, "plan.view")
    all_versions = _local(list(plan.versions.select_related("written_by").order_by("-number")))
    by_number = {v.number: v for v in all_versions}
    to = _number(request.GET.get("to"))
    to = to if to in by_number else (all_versions[0].number if all_versions else None)
    start = _number(request.GET.get("from"))
    if start not in by_number and to is not None:
        start = to - 1 if to - 1 in by_number else None
    if start is not None and to is not None and start > to:
        start, to = to, start
    before = by_number.get(start)
    after = by_number.get(to)
    found = (
        versions.changes(before.content if before else None, after.content, LABELS)
        if after
        else []
    )
    if not _own(request, plan.person):
        _log(request, plan.person, AccessAction.VIEW, obj=plan)
    return render(
        request,
        "plans/risk/compare.jinja",
        {
            **_base(request, plan.person),
            "plan": plan,
            "versions": all_versions,
            "before": before,
            "after": after,
            "changes": found,
        },
    )
