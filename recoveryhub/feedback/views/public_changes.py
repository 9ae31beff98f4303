"""'You said, we did' for the public, signed in or not: what people said and what changed,
for the trust and for one team. Published entries only (a lead approved the wording),
newest first, grouped by month; the approved wording and nothing personal."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from recoveryhub.people.models import Team

from .. import changes_services, presenters_changes

PER_PAGE = 20


def _page(request, team=None):
    found = changes_services.published(team)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/public_changes/changes.jinja",
        {
            "team": team,
            "page": page,
            "months": presenters_changes.by_month(page.object_list),
        },
    )


@login_not_required
@require_safe
def public_changes(request):
    return _page(request)


@login_not_required
@require_safe
def public_team_changes(request, team_id: int):
    return _page(request, get_object_or_404(Team, pk=team_id))
