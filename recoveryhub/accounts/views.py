from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import two_factor
from .forms import (
    ChangePasswordForm,
    CodeForm,
    NewPasswordForm,
    ResetPasswordForm,
    SetUpCodeForm,
    SignInForm,
)
from .throttle import how_long

# New backup codes wait here between the POST that makes them and the one page that shows them.
NEW_BACKUP_CODES = "recoveryhub_new_backup_codes"
TOO_MANY_TRIES = "You have entered a wrong code too many times. Wait a few minutes, then try again"


class SignInView(LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "HEAD", "POST"])
def sign_out(request):
    """Ask first, then sign out on POST, so a link can never sign someone out."""
    if request.method == "POST":
        logout(request)
        return redirect("accounts:signed_out")
    return render(request, "accounts/sign_out.jinja")


@login_not_required
@require_safe
def signed_out(request):
    return render(request, "accounts/signed_out.jinja")


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes instead of the sign-in form while sign-in is paused."""
    context = {"wait": how_long(settings.AXES_COOLOFF_TIME), "tries": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.jinja", context, status=429)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _wrong_code(request, form) -> None:
    if two_factor.must_wait(request.user):
        form.add_error("code", TOO_MANY_TRIES)
    else:
        form.wrong_code()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    if not two_factor.may_set_up(request):
        return redirect("accounts:two_factor_verify")
    device = two_factor.start_enrolment(request.user)
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_BACKUP_CODES] = codes
            return redirect("accounts:two_factor_backup_codes")
        _wrong_code(request, form)
    context = {"form": form, "key_groups": two_factor.secret_key_groups(device)}
    return render(request, "accounts/two_factor_setup.jinja", context)


@never_cache
@require_safe
def two_factor_qr(request):
    device = two_factor.pending_device(request.user) if two_factor.may_set_up(request) else None
    if device is None:
        raise Http404("No authenticator app is being set up.")
    return HttpResponse(two_factor.qr_code_svg(device), content_type="image/svg+xml")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request):
    next_url = _safe_next(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not two_factor.is_on(request.user):
        return redirect(
            "accounts:two_factor_setup" if request.user.must_use_two_factor else next_url
        )
    backup = request.GET.get("method") == "backup"
    form = CodeForm(request.POST or None, backup_codes=backup)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_sign_in(request, form.cleaned_data["code"]):
            return redirect(next_url)
        _wrong_code(request, form)
    context = {"form": form, "backup": backup, "next": next_url}
    return render(request, "accounts/two_factor_verify.jinja", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_backup_codes(request):
    if not two_factor.is_on(request.user):
        return redirect("accounts:account")
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = two_factor.regenerate_backup_codes(request.user)
        return redirect("accounts:two_factor_backup_codes")
    # Shown once: a refresh or a later visit offers new codes instead.
    context = {
        "codes": request.session.pop(NEW_BACKUP_CODES, None),
        "backup_codes_left": two_factor.backup_codes_left(request.user),
    }
    return render(request, "accounts/two_factor_backup_codes.jinja", context)


@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_turn_off(request):
    if not two_factor.can_turn_off(request.user):
        raise PermissionDenied("Staff must use two-factor sign-in.")
    if not two_factor.is_on(request.user):
        return redirect("accounts:account")
    if request.method == "POST":
        two_factor.turn_off(request)
        messages.success(request, "Two-factor sign-in is now off.")
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_turn_off.jinja")


@require_safe
def account(request):
    user = request.user
    context = {
        "two_factor_on": two_factor.is_on(user),
        "can_turn_off": two_factor.can_turn_off(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
    }
    return render(request, "accounts/account.jinja", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.jinja"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.jinja"
    # The email is queued by the form (password_reset.py), not sent here.
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever can read the account's email may sign in again at once with the new password.
        reset_lockout(username=form.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
