"""Service admins' pages for staff sign-ins and for getting anyone back in."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from recoveryhub.accounts.models import User
from recoveryhub.accounts.roles import STAFF_ROLES
from recoveryhub.core import permissions

from . import named_workers, services
from .forms import FindForm, LeaverForm, RecoveryForm, StaffForm

PAGE_SIZE = 50


def service_admins_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can(request.user, "staff.manage"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _account(user_id: int) -> User:
    return get_object_or_404(User.objects.prefetch_related("role_grants"), pk=user_id)


def _is_staff_account(account: User) -> bool:
    return bool(account.roles & STAFF_ROLES)


@require_safe
@service_admins_only
def staff_list(request):
    form = FindForm(request.GET if "q" in request.GET else None)
    text = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    found = services.find_accounts(text) if text else services.staff_accounts()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "staff/list.jinja", {"form": form, "page": page, "text": text})


@require_http_methods(["GET", "HEAD", "POST"])
@service_admins_only
def staff_add(request):
    form = StaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.add_staff(
            full_name=data["full_name"].strip(),
            email=data["email"],
            roles=data["roles"],
            teams=data["teams"],
            job_title=data["job_title"].strip(),
        )
        messages.success(request, f"{user.full_name} can now sign in: we have emailed them a link")
        return redirect("staff:account", user_id=user.pk)
    return render(request, "staff/add.jinja", {"form": form})


@require_safe
@service_admins_only
def account(request, user_id: int):
    shown = _account(user_id)
    return render(
        request,
        "staff/account.jinja",
        {
            "account": shown,
            "is_staff_account": _is_staff_account(shown),
            "teams": shown.team_memberships.select_related("team").order_by("team__name"),
            "locked": services.is_locked(shown),
            "two_factor": services.has_two_factor(shown),
            "recoveries": shown.recoveries.select_related("done_by")[:10],
            "has_person_record": hasattr(shown, "person"),
            "named_for": named_workers.named_for(shown),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@service_admins_only
def account_change(request, user_id: int):
    shown = _account(user_id)
    if not shown.is_active or hasattr(shown, "person"):
        raise Http404
    initial = {
        "full_name": shown.full_name,
        "roles": [r for r in shown.roles if r in STAFF_ROLES],
        "teams": list(shown.team_memberships.values_list("team_id", flat=True)),
        "job_title": shown.team_memberships.values_list("job_title", flat=True).first() or "",
    }
    posted = request.method == "POST"
    form = StaffForm(request.POST if posted else None, initial=initial, account=shown)
    if posted and form.is_valid():
        data = form.cleaned_data
        services.change_staff(
            shown,
            full_name=data["full_name"].strip(),
            roles=data["roles"],
            teams=data["teams"],
            job_title=data["job_title"].strip(),
        )
        messages.success(request, f"{shown.full_name}'s roles and teams have been saved")
        return redirect("staff:account", user_id=shown.pk)
    return render(request, "staff/change.jinja", {"form": form, "account": shown})


def _recovery_page(request, user_id: int, kind: str):
    shown = _account(user_id)
    back = reverse("staff:account", args=[shown.pk])
    return recovery_page(request, shown, kind, back=back)


def recovery_page(request, shown: User, kind: str, *, back: str):
    """Reset or unlock, once the caller has decided the reader may: a service admin for
    anyone, a team lead for their own team's staff (views_team.py). Back to `back` after."""
    if kind == "two_factor" and not services.has_two_factor(shown):
        raise Http404
    posted = request.method == "POST"
    form = RecoveryForm(request.POST if posted else None)
    if posted and form.is_valid():
        do = services.reset_two_factor if kind == "two_factor" else services.unlock
        do(
            shown,
            actor=request.user,
            how_checked=form.cleaned_data["how_checked"],
            details=form.cleaned_data["details"].strip(),
        )
        done = (
            "two-factor sign-in has been reset" if kind == "two_factor" else "sign-in is unlocked"
        )
        messages.success(
            request, f"{shown.full_name or shown.email}'s {done}. We have emailed them"
        )
        return redirect(back)
    template = "staff/two_factor_reset.jinja" if kind == "two_factor" else "staff/unlock.jinja"
    return render(request, template, {"form": form, "account": shown, "back": back})


@require_http_methods(["GET", "HEAD", "POST"])
@service_admins_only
def account_two_factor_reset(request, user_id: int):
    return _recovery_page(request, user_id, "two_factor")


@require_http_methods(["GET", "HEAD", "POST"])
@service_admins_only
def account_unlock(request, user_id: int):
    return _recovery_page(request, user_id, "unlock")


@require_http_methods(["GET", "HEAD", "POST"])
@service_admins_only
def account_leaver(request, user_id: int):
    shown = _account(user_id)
    if not shown.is_active or not _is_staff_account(shown) or shown.pk == request.user.pk:
        raise Http404
    posted = request.method == "POST"
    form = LeaverForm(request.POST if posted else None, account=shown)
    if posted and form.is_valid():
        handed = services.end_access(shown, handover_to=form.cleaned_data["handover_to"])
        note = (
            f" {handed} {'person' if handed == 1 else 'people'} named to them handed over."
            if handed
            else ""
        )
        messages.success(request, f"{shown.full_name} has been signed out for good.{note}")
        return redirect("staff:account", user_id=shown.pk)
    return render(request, "staff/leaver.jinja", {"form": form, "account": shown})


@require_POST
@service_admins_only
def account_sign_in_email(request, user_id: int):
    shown = _account(user_id)
    if not shown.is_active or shown.has_usable_password():
        raise Http404
    services.send_sign_in_email(shown)
    messages.success(request, f"We have emailed {shown.email} a new link to choose a password")
    return redirect("staff:account", user_id=shown.pk)
