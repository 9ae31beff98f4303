"""Sign-in rules that hold on every page.

- Staff roles must finish two-factor sign-in before any page past sign-in;
  people and carers who turned it on must too.
- Staff are signed out after 30 minutes without activity.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# Pages someone part-way through signing in may reach.
OPEN_DURING_SIGN_IN = (
    "accounts:two_factor_setup",
    "accounts:two_factor_qr",
    "accounts:two_factor_verify",
    "accounts:sign_out",
    "accounts:signed_out",
)
LAST_SEEN = "recoveryhub_last_seen"


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_open(request.path):
            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
            if user.must_use_two_factor:
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self._open is None:
            self._open = tuple(reverse(name) for name in OPEN_DURING_SIGN_IN)
        return path in self._open or path.startswith(settings.STATIC_URL)


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_use_two_factor:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, "You were signed out after 30 minutes without activity.")
                return redirect(f"{reverse('accounts:sign_in')}?next={request.path}")
            request.session[LAST_SEEN] = now
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
        return self.get_response(request)
