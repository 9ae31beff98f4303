"""The feedback home for staff and a team's feedback hub.

Home: the teams you are in; a feedback lead also finds their service lines' teams, the
reviewers and the figures; a reviewer finds the themes to review. A team's hub: its
surveys, this month's and last month's response counts (suppressed when 1 to 4), its
kiosks (read-only), and links to comments, focus groups, changes and figures.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.core.permissions import can
from recoveryhub.people.models import Team

from .. import hubs_queries
from ..presenters_hubs import kiosk_row, maybe_url, response_count
from .public import _private

PER_PAGE = 25


@require_safe
@_private
def home(request):
    user = request.user
    # Managers outside a team (the board) come for the figures the menu promises them.
    if not (can(user, "feedback.staff") or can(user, "feedback.figures")):
        raise Http404
    led = Paginator(hubs_queries.led_teams(user).order_by("name"), PER_PAGE)
    page = led.get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/hubs/home.jinja",
        {
            "teams": list(hubs_queries.teams_worked_in(user)),
            "page": page,
            "leads": led.count > 0,
            "reviews": hubs_queries.reviews_any(user),
            "figures_link": maybe_url("feedback:figures")
            if can(user, "feedback.figures")
            else None,
            "reviewers_link": maybe_url("feedback:reviewers"),
            "review_link": maybe_url("feedback:review"),
            "comments_links": {t.pk: _as_written(t) for t in page},
        },
    )


def _as_written(team) -> str | None:
    link = maybe_url("feedback:comments", team.pk)
    return link and link + "?as_written=1"


@require_safe
@_private
def team(request, team_id: int):
    team = permissions.get_or_404(
        request.user, "feedback.team", Team.objects.select_related("service_line"), pk=team_id
    )
    this_month, last_month = hubs_queries.team_counts(team, timezone.localdate())
    return render(
        request,
        "feedback/hubs/team.jinja",
        {
            "team": team,
            "surveys": hubs_queries.team_surveys(team),
            "this_month": response_count(this_month),
            "last_month": response_count(last_month),
            "kiosks": [kiosk_row(kiosk) for kiosk in hubs_queries.team_kiosks(team)],
            "links": [
                (words, link)
                for words, link in [
                    ("Comments", maybe_url("feedback:comments", team.pk)),
                    ("Focus groups", maybe_url("feedback:focus_groups", team.pk)),
                    ("You said, we did", maybe_url("feedback:changes", team.pk)),
                    ("Figures", maybe_url("feedback:team_figures", team.pk)),
                ]
                if link
            ],
            "can_manage_kiosks": can(request.user, "feedback.kiosks"),
            "kiosks_link": maybe_url("feedback:kiosks"),
            "reads_as_written": can(request.user, "feedback.read_as_written", team),
        },
    )
