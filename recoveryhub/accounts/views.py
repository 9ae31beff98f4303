from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from .forms import SignInForm


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
    """Shown by django-axes instead of the sign-in form while sign-in is locked."""
    response = render(request, "accounts/locked_out.jinja", status=429)
    return response
