"""Django admin, for admins only: everyone else gets 'not found', never a login form."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse


class RecoveryHubAdminSite(admin.AdminSite):
    site_header = "Recovery Hub administration"
    site_title = "Recovery Hub administration"
    index_title = "Configuration and accounts"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        # One sign-in for everyone, with lockout and two-factor.
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), reverse("accounts:sign_in")
        )
