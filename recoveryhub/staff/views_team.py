"""A team lead's page of their own teams' staff, and getting one of them back in: the
same forms, record and email as a service admin's (views.recovery_page)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.accounts.models import User
from recoveryhub.core import permissions

from . import team_lead
from .views import recovery_page


@require_safe
def team_staff(request):
    if not permissions.can(request.user, "staff.view_team"):
        raise Http404
    teams = team_lead.team_staff(request.user)
    return render(request, "staff/team_staff.jinja", {"teams": teams})


def _colleague(request, user_id: int) -> User:
    return permissions.get_or_404(
        request.user, "staff.recover_team_member", User.objects.all(), pk=user_id
    )


@require_http_methods(["GET", "HEAD", "POST"])
def team_two_factor_reset(request, user_id: int):
    colleague = _colleague(request, user_id)
    return recovery_page(request, colleague, "two_factor", back=reverse("staff:team"))


@require_http_methods(["GET", "HEAD", "POST"])
def team_unlock(request, user_id: int):
    colleague = _colleague(request, user_id)
    return recovery_page(request, colleague, "unlock", back=reverse("staff:team"))
