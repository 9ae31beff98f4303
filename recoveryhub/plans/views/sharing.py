"""Sharing plans with carers, carers' read-only views, and printing plans (page and PDF).

Who may see or print which plan is decided by core.permissions only ('plan.view',
'plan.print', 'plan.manage_sharing'); anyone else gets 'not found'. Someone else's
view, print or download writes an access event for the person; their own does not.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction
from recoveryhub.core.presenters import long_date
from recoveryhub.people.models import CarerLink, Person

from .. import pdf, services
from ..models import PositiveRiskPlan, RecoveryPlan

# Personal data: never kept by a browser's or a proxy's cache.
_private = cache_control(private=True, no_store=True)


def _own_person(request) -> Person:
    # Someone signed in without a record of their own finds nothing here.
    return permissions.get_or_404(
        request.user, "person.view", Person.objects, user_id=request.user.pk
    )


def _own_plan(request) -> RecoveryPlan:
    person = _own_person(request)
    services.plan_of(person)  # started (empty) the first time it is asked for
    return permissions.get_or_404(request.user, "plan.print", pdf.recovery_plans(), person=person)


def _log(request, plan, action: AccessAction) -> None:
    access_log.record_request(request, plan.person, action, obj=plan)


# Sharing ------------------------------------------------------------------------------


def _plan_key(plan) -> str:
    return f"{'recovery' if isinstance(plan, RecoveryPlan) else 'risk'}-{plan.pk}"


class PlanSharingForm(forms.Form):
    """Which of the person's plans carers who see their plans can see."""

    visible = forms.MultipleChoiceField(
        label="Carers who see my plans can see these plans",
        required=False,
        error_messages={
            "invalid_choice": "Choose only from your own plans",
            "invalid_list": "Choose only from your own plans",
        },
    )

    def __init__(self, plans, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {_plan_key(plan): plan for plan in plans}
        self.fields["visible"].choices = [
            (key, _plan_name(plan)) for key, plan in self.plans.items()
        ]


def _plan_name(plan) -> str:
    if isinstance(plan, RecoveryPlan):
        return "My recovery and wellbeing plan"
    closed = " (closed)" if plan.status == "closed" else ""
    return f"Positive risk-taking plan: {plan.choice}{closed}"


@require_http_methods(["GET", "HEAD", "POST"])
@_private
def sharing(request):
    person = _own_person(request)
    recovery = services.plan_of(person)
    if not permissions.can(request.user, "plan.manage_sharing", recovery):
        raise Http404
    plans = [recovery, *PositiveRiskPlan.objects.filter(person=person).select_related("person")]
    visible = [_plan_key(plan) for plan in plans if not plan.hidden_from_carers]
    form = PlanSharingForm(
        plans, request.POST if request.method == "POST" else None, initial={"visible": visible}
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["visible"])
        with transaction.atomic():
            for key, plan in form.plans.items():
                services.set_plan_sharing(plan, visible_to_carers=key in chosen, by=request.user)
        messages.success(request, "Who can see your plans has been saved")
        return redirect("plans:sharing")
    links = CarerLink.objects.filter(cared_for=person).select_related("carer").order_by("id")
    return render(
        request,
        "plans/sharing/sharing.jinja",
        {"form": form, "links": links},
    )


# Carers: read-only views of what the person shares --------------------------------------


def _cared_for(request, person_id: int) -> Person:
    """The person, if they share plans with this carer; else 'not found'."""
    return permissions.get_or_404(
        request.user, "person.view_plans", permissions.people_cared_for(request.user), pk=person_id
    )


@require_safe
@_private
def cared_for_plans(request, person_id: int):
    person = _cared_for(request, person_id)
    recovery = RecoveryPlan.objects.filter(person=person, hidden_from_carers=False).first()
    risk = PositiveRiskPlan.objects.filter(person=person, hidden_from_carers=False)
    access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request,
        "plans/sharing/cared_for_plans.jinja",
        {"person": person, "recovery": recovery, "risk_plans": list(risk)},
    )


@require_safe
@_private
def cared_for_plan(request, person_id: int):
    plans = pdf.recovery_plans().filter(person__in=permissions.people_cared_for(request.user))
    plan = permissions.get_or_404(request.user, "plan.view", plans, person_id=person_id)
    _log(request, plan, AccessAction.VIEW)
    return _plan_page(request, plan, pdf.printed_recovery_plan(plan), carer=True)


@require_safe
@_private
def cared_for_risk_plan(request, person_id: int, plan_id: int):
    plans = pdf.risk_plans().filter(person__in=permissions.people_cared_for(request.user))
    plan = permissions.get_or_404(
        request.user, "plan.view", plans, pk=plan_id, person_id=person_id
    )
    _log(request, plan, AccessAction.VIEW)
    # A carer named in the plan agrees it on the plan's own page.
    agree = (
        plan.status == "active"
        and permissions.can(request.user, "risk_plan.agree", plan)
        and not plan.participants.filter(user=request.user, agreed_at__isnull=False).exists()
    )
    return _plan_page(
        request,
        plan,
        pdf.printed_risk_plan(plan),
        carer=True,
        agree_url=reverse("plans:risk_plan", args=[plan.pk]) if agree else None,
    )


# Printing -----------------------------------------------------------------------------


def _plan_urls(plan, *, own: bool) -> dict:
    """Where this plan is printed and downloaded: the person's own addresses, or
    those anyone else allowed (a worker, a carer it is shared with) uses."""
    if isinstance(plan, RecoveryPlan):
        if own:
            return {"print_url": reverse("plans:print"), "pdf_url": reverse("plans:pdf")}
        args = [plan.person_id]
        return {
            "print_url": reverse("plans:person_print", args=args),
            "pdf_url": reverse("plans:person_pdf", args=args),
        }
    # A risk plan has one address for everyone (as its own page has).
    return {
        "print_url": reverse("plans:risk_print", args=[plan.pk]),
        "pdf_url": reverse("plans:risk_pdf", args=[plan.pk]),
    }


def _plan_page(request, plan, printed, *, carer: bool = False, agree_url: str | None = None):
    """The plan to read (a carer's view) or to print; both print well."""
    own = plan.person.user_id is not None and plan.person.user_id == request.user.pk
    context = {
        "plan": plan,
        "printed": printed,
        "own": own,
        "carer": carer,
        "agree_url": agree_url,
        "printing": not carer,
        "made_on": long_date(timezone.localtime()),
        **_plan_urls(plan, own=own),
    }
    return render(request, "plans/print/plan.jinja", context)


def _pdf(printed) -> HttpResponse:
    response = HttpResponse(pdf.render(printed), content_type="application/pdf")
    # A date, not a name, so a shared downloads folder gives nothing away.
    kind = "recovery-plan" if printed.title == pdf.RECOVERY_TITLE else "positive-risk-plan"
    name = f"{kind}-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _someones_plan(request, person_id: int) -> RecoveryPlan:
    return permissions.get_or_404(
        request.user, "plan.print", pdf.recovery_plans(), person_id=person_id
    )


def _risk_plan(request, plan_id: int) -> PositiveRiskPlan:
    return permissions.get_or_404(request.user, "plan.print", pdf.risk_plans(), pk=plan_id)


def _someones_risk_plan(request, person_id: int, plan_id: int) -> PositiveRiskPlan:
    return permissions.get_or_404(
        request.user, "plan.print", pdf.risk_plans(), pk=plan_id, person_id=person_id
    )


@require_safe
@_private
def print_plan(request):
    plan = _own_plan(request)
    return _plan_page(request, plan, pdf.printed_recovery_plan(plan))


@require_safe
@_private
def pdf_plan(request):
    return _pdf(pdf.printed_recovery_plan(_own_plan(request)))


@require_safe
@_private
def person_print(request, person_id: int):
    plan = _someones_plan(request, person_id)
    _log(request, plan, AccessAction.PRINT)
    return _plan_page(request, plan, pdf.printed_recovery_plan(plan))


@require_safe
@_private
def person_pdf(request, person_id: int):
    plan = _someones_plan(request, person_id)
    response = _pdf(pdf.printed_recovery_plan(plan))
    _log(request, plan, AccessAction.EXPORT)  # once made: a failure is no export
    return response


@require_safe
@_private
def risk_print(request, plan_id: int):
    plan = _risk_plan(request, plan_id)
    _log(request, plan, AccessAction.PRINT)
    return _plan_page(request, plan, pdf.printed_risk_plan(plan))


@require_safe
@_private
def risk_pdf(request, plan_id: int):
    plan = _risk_plan(request, plan_id)
    response = _pdf(pdf.printed_risk_plan(plan))
    _log(request, plan, AccessAction.EXPORT)
    return response


@require_safe
@_private
def person_risk_print(request, person_id: int, plan_id: int):
    plan = _someones_risk_plan(request, person_id, plan_id)
    _log(request, plan, AccessAction.PRINT)
    return _plan_page(request, plan, pdf.printed_risk_plan(plan))


@require_safe
@_private
def person_risk_pdf(request, person_id: int, plan_id: int):
    plan = _someones_risk_plan(request, person_id, plan_id)
    response = _pdf(pdf.printed_risk_plan(plan))
    _log(request, plan, AccessAction.EXPORT)
    return response
