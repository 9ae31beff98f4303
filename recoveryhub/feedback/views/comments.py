"""A team's comments and one comment, for the team's staff and the service's feedback lead.

Everyone reads the redacted words; only the feedback lead may ask for them as written
(`?as_written=1`, "feedback.read_as_written"), and the page then says so. No page shows
who wrote a comment: comments carry no name, and the response's person is never read.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from recoveryhub.core import permissions
from recoveryhub.people.models import Team

from .. import comments_queries, presenters_comments
from ..forms_comments import CommentFilterForm

PER_PAGE = 25
private = cache_control(private=True, no_store=True)


def as_written(request, team) -> bool:
    """Whether to show the words as written: asked for, and the reader is the lead."""
    asked = request.GET.get("as_written") == "1"
    return asked and permissions.can(request.user, "feedback.read_as_written", team)


@require_safe
@private
def comments(request, team_id: int):
    team = permissions.get_or_404(
        request.user, "feedback.team", Team.objects.select_related("service_line"), pk=team_id
    )
    form = CommentFilterForm(request.GET, today=timezone.localdate())
    found = comments_queries.team_comments(team, form.filters())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    written = as_written(request, team)
    query = form.data.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/comments/comments.jinja",
        {
            "team": team,
            "filter_form": form,
            "page": page,
            "count": page.paginator.count,
            "cards": [presenters_comments.card(c, as_written=written) for c in page.object_list],
            "as_written": written,
            "may_read_as_written": permissions.can(request.user, "feedback.read_as_written", team),
            "filter_query": query.urlencode(),
            "may_review": permissions.can(request.user, "feedback.review_themes", team),
            "present": presenters_comments,
        },
    )


@require_safe
@private
def comment(request, comment_id: int):
    found = comments_queries.one_comment(comment_id)
    if found is None or not permissions.can(request.user, "feedback.team", found.team):
        raise Http404
    written = as_written(request, found.team)
    reviews = list(found.reviews.all())
    lead_ids = comments_queries.lead_user_ids(found.team.service_line_id) if reviews else set()
    return render(
        request,
        "feedback/comments/comment.jinja",
        {
            "team": found.team,
            "card": presenters_comments.card(found, as_written=written),
            "as_written": written,
            "may_read_as_written": permissions.can(
                request.user, "feedback.read_as_written", found.team
            ),
            "may_review": permissions.can(request.user, "feedback.review_themes", found.team),
            "suggestions": presenters_comments.suggestion_rows(found),
            "reviews": presenters_comments.review_rows(reviews, lead_ids),
            "changes": list(found.changes.all()),
            "present": presenters_comments,
        },
    )
