"""A team's focus groups: the list, recording one, and one group's page ("feedback.team").

What people said is stored as comments through services.record_focus_group, which redacts
them like any other comment, so they join the team's comments and their themes.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from recoveryhub.core import permissions
from recoveryhub.people.models import Team

from .. import comments_queries, presenters_comments, services
from ..forms_focus_groups import FocusGroupForm

PER_PAGE = 25
GET_POST = ["GET", "HEAD", "POST"]
private = cache_control(private=True, no_store=True)


def _team(request, team_id: int):
    return permissions.get_or_404(request.user, "feedback.team", Team.objects.all(), pk=team_id)


@require_safe
@private
def focus_groups(request, team_id: int):
    team = _team(request, team_id)
    page = Paginator(comments_queries.team_focus_groups(team), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/focus_groups/list.jinja",
        {"team": team, "page": page, "present": presenters_comments},
    )


@require_http_methods(GET_POST)
@private
def focus_group_add(request, team_id: int):
    team = _team(request, team_id)
    form = FocusGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.record_focus_group(
                team=team,
                by=request.user,
                theme_codes=form.cleaned_data["themes"],
                comments=form.cleaned_data["said"],
                **form.fields_for_service(),
            )
        except services.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The focus group “{group.title}” is recorded.")
            return redirect("feedback:focus_group", group_id=group.pk)
    chosen = form["themes"].value() if form.is_bound else []
    return render(
        request,
        "feedback/focus_groups/add.jinja",
        {
            "team": team,
            "form": form,
            "theme_items": presenters_comments.theme_items(chosen),
            "present": presenters_comments,
        },
    )


@require_safe
@private
def focus_group(request, group_id: int):
    group = comments_queries.one_focus_group(group_id)
    if group is None or not permissions.can(request.user, "feedback.team", group.team):
        raise Http404
    return render(
        request,
        "feedback/focus_groups/group.jinja",
        {
            "group": group,
            "team": group.team,
            "said": [c.redacted for c in group.comments.all()],
            "present": presenters_comments,
        },
    )
