"""People's records: their own, their carers' view, and their workers' view.

Every decision about who may see what is asked of core.permissions.
"""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.accounts.roles import Role
from recoveryhub.core import access_log, permissions
from recoveryhub.core.models import AccessAction, AccessEvent
from recoveryhub.governance import services as privacy
from recoveryhub.measures import safety
from recoveryhub.measures.crisis import crisis_help

from . import aggregates, hub, services, team_contact
from . import caseload as caseload_list
from .forms import (
    AcceptInvitationForm,
    CarerSharingForm,
    InvitationForm,
    PersonDetailsForm,
    WorkerPersonDetailsForm,
)
from .models import SHARED_PART_FIELDS, CarerLink, Invitation, Person
from .presenters import AccessLogPresenter, PersonPresenter, shared_parts

PAGE_SIZE = 25
DAYS_PER_PAGE = 7  # of the access log: a week to a page


def _own_person(request) -> Person:
    people = Person.objects.select_related("locality")
    return permissions.get_or_404(request.user, "person.view", people, user_id=request.user.pk)


def _page(request, queryset, count: int | None = None):
    """A page of the queryset; `count`, when the caller has already counted it, spares
    the paginator counting again."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: this is its value
    return paginator.get_page(request.GET.get("page"))


# The person's own record ------------------------------------------------------


@require_safe
def my_record(request):
    person = _own_person(request)
    return render(
        request,
        "people/my_record.jinja",
        {
            "person": person,
            "rows": PersonPresenter(person).rows(),
            "teams": team_contact.supporting(person),  # "Your team"
            "crisis": crisis_help(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def my_record_change(request):
    person = _own_person(request)
    form = PersonDetailsForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_person_details(form, actor=request.user, route=request.path)
        messages.success(request, "Your details have been saved")
        return redirect("people:my_record")
    return render(request, "people/person_form.jinja", {"form": form, "own": True})


@require_safe
def access_log_page(request):
    """Paged by day, so a day's events fold together; five queries whatever the log
    (days counted, the days shown, their events, the actors' roles and teams)."""
    person = _own_person(request)
    if not permissions.can(request.user, "person.view_access_log", person):
        raise Http404
    events = AccessEvent.objects.filter(person=person).order_by()
    local = timezone.get_current_timezone()
    days = events.annotate(day=TruncDate("occurred_at", tzinfo=local)).values_list("day")
    days = days.distinct().order_by("-day").values_list("day", flat=True)
    page = Paginator(days, DAYS_PER_PAGE).get_page(request.GET.get("page"))
    shown, page_days = [], list(page.object_list)
    if page_days:
        start = timezone.make_aware(datetime.combine(page_days[-1], time.min), local)
        end = timezone.make_aware(datetime.combine(page_days[0], time.max), local)
        shown = events.filter(occurred_at__range=(start, end)).select_related("actor")
        shown = shown.prefetch_related("actor__role_grants", "actor__team_memberships__team")
    return render(
        request,
        "people/access_log.jinja",
        {"page": page, "days": AccessLogPresenter(shown).days},
    )


@require_safe
def carers(request):
    person = _own_person(request)
    links = CarerLink.objects.filter(cared_for=person).select_related("carer").order_by("id")
    return render(
        request,
        "people/carers.jinja",
        {"links": [(link, shared_parts(link)) for link in links]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def carer_sharing(request, link_id: int):
    person = _own_person(request)
    link = get_object_or_404(CarerLink.objects.select_related("carer", "cared_for"), pk=link_id)
    if link.cared_for_id != person.pk or not permissions.can(
        request.user, "person.manage_sharing", person
    ):
        raise Http404
    initial = {"shared": [p for p in SHARED_PART_FIELDS if getattr(link, p)]}
    form = CarerSharingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_carer_sharing(
            link, actor=request.user, shared=set(form.cleaned_data["shared"])
        )
        messages.success(request, f"What you share with {link.carer.display_name} has been saved")
        return redirect("people:carers")
    return render(request, "people/carer_sharing.jinja", {"form": form, "link": link})


# Carers -----------------------------------------------------------------------


@require_safe
def caring_for(request):
    if not request.user.has_role(Role.CARER):
        raise Http404
    links = (
        CarerLink.objects.filter(cared_for__in=permissions.people_cared_for(request.user))
        .filter(carer__user=request.user)
        .select_related("cared_for")
        .order_by("cared_for__full_name")
    )
    return render(
        request, "people/caring_for.jinja", {"links": [(ln, shared_parts(ln)) for ln in links]}
    )


# A carer's page for the person they care for is in views_carers.py.


# Workers ----------------------------------------------------------------------


@require_safe
def caseload(request):
    if not permissions.can(request.user, "caseload.view"):
        raise Http404
    search = caseload_list.parse(request.GET.get("q", ""))
    mine = request.GET.get("mine") == "1"
    counts = caseload_list.counts(request.user, search)  # the list's own count too
    people = caseload_list.working_list(request.user, search, mine=mine)
    page = _page(request, people, counts["mine" if mine else "everyone"])
    now = timezone.now()
    flag_ages = {p.pk: safety.how_long(now - p.open_flag_since) for p in page if p.open_flag_since}
    details = caseload_list.page_details(request.user, page.object_list)
    return render(
        request,
        "people/caseload.jinja",
        {
            "page": page,
            "rows": caseload_list.rows(page, details, flag_ages, timezone.localdate()),
            "search": search,
            "query": search.text,
            "mine": mine,
            "counts": counts,
            "can_register": permissions.can(request.user, "person.register"),
        },
    )


@require_safe
def person_detail(request, person_id: int):
    person = permissions.get_or_404(
        request.user, "person.view", Person.objects.select_related("locality"), pk=person_id
    )
    access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request,
        "people/person_detail.jinja",
        {
            "person": person,
            "rows": PersonPresenter(person).rows(),
            "parts": hub.record_parts(request.user, person),
            "can_invite": person.user_id is None
            and permissions.can(request.user, "person.invite", person),
            "invitation": _pending_invitation(person) if person.user_id is None else None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def person_change(request, person_id: int):
    person = permissions.get_or_404(request.user, "person.change", Person.objects, pk=person_id)
    form = WorkerPersonDetailsForm(
        request.POST if request.method == "POST" else None, instance=person
    )
    if request.method == "POST" and form.is_valid():
        services.update_person_details(form, actor=request.user, route=request.path)
        messages.success(request, f"{person.display_name}'s details have been saved")
        return redirect("people:person_detail", person_id=person.pk)
    if request.method != "POST":
        access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request, "people/person_form.jinja", {"form": form, "own": False, "person": person}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def person_invite(request, person_id: int):
    person = permissions.get_or_404(request.user, "person.invite", Person.objects, pk=person_id)
    if person.user_id is not None:
        raise Http404
    problem = services.invitation_problem(person)
    posted = request.method == "POST" and problem is None
    form = InvitationForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.invite(person, actor=request.user, route=request.path)
        except services.InvitationRefusedError as refused:
            problem = str(refused)  # the record changed since the page was read
        else:
            messages.success(request, f"{person.display_name} will get an invitation by email")
            return redirect("people:person_detail", person_id=person.pk)
    access_log.record_request(request, person, AccessAction.VIEW)
    return render(
        request,
        "people/invite.jinja",
        {
            "form": form,
            "person": person,
            "problem": problem,
            "pending": _pending_invitation(person),
        },
    )


def _pending_invitation(person):
    return person.invitations.open().order_by("-created_at").first()


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token: str):
    """Only the person can finish this: the link reached only their mailbox, and they
    answer with their date of birth."""
    invitation = Invitation.objects.for_token(token)
    if invitation is None or invitation.person.user_id is not None:
        return _invitation_gone(request)
    if request.user.is_authenticated:
        messages.info(request, "Sign out first to use an invitation to Recovery Hub")
        return redirect("core:home")
    problem = services.acceptance_problem(invitation)
    if problem:
        return _invitation_refused(request, problem)
    existing = services.existing_account(invitation.email) is not None
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        existing=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, wrong = _accept_with_privacy_notice(token, form)
        except services.InvitationGoneError:
            return _invitation_gone(request)
        except services.InvitationRefusedError as refused:
            return _invitation_refused(request, str(refused))
        if wrong is None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your sign-in has been made. This is your record")
            return redirect("people:my_record")
        if wrong.stopped:
            return _invitation_gone(request, stopped=True)
        form.add_error(wrong.field, wrong.message)
    return render(
        request,
        "people/accept_invitation.jinja",
        {
            "form": form,
            "person": invitation.person,
            "email": invitation.email,
            "existing": existing,
        },
    )


def _accept_with_privacy_notice(token: str, form: AcceptInvitationForm):
    """The sign-in and its acceptance of the privacy notice commit together or not at all.
    A wrong answer is caught inside the transaction, so its count still commits."""
    with transaction.atomic():
        try:
            user = services.accept_invitation(
                token,
                date_of_birth=form.cleaned_data["date_of_birth"],
                password=form.cleaned_data["password"],
            )
        except services.WrongAnswerError as wrong:
            return None, wrong
        privacy.accept_privacy_notice(user, privacy.current_notice())
        return user, None


def _invitation_gone(request, stopped: bool = False):
    return render(request, "people/invitation_expired.jinja", {"stopped": stopped}, status=404)


def _invitation_refused(request, problem: str):
    return render(request, "people/invitation_refused.jinja", {"problem": problem})


# Managers: aggregates only ----------------------------------------------------


@require_safe
def team_caseloads(request):
    if not permissions.can(request.user, "aggregates.view"):
        raise Http404
    return render(request, "people/team_caseloads.jinja", aggregates.caseload_sizes())
