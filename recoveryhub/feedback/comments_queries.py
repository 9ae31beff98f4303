"""What the comments, review and focus group pages read: scoped querysets whose number of
queries does not grow with the page (themes are prefetched, never read comment by comment).
"""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch

from recoveryhub.accounts.models import User
from recoveryhub.people.models import ServiceLine

from .models import (
    Comment,
    CommentTheme,
    FeedbackLead,
    FocusGroup,
    FocusGroupTheme,
    ThemeReviewer,
)

CURRENT_THEMES = Prefetch(
    "themes",
    queryset=CommentTheme.objects.filter(current=True).order_by("-probability", "code"),
    to_attr="current_themes",
)


def with_themes(comments):
    return comments.select_related("question", "focus_group", "team").prefetch_related(
        CURRENT_THEMES
    )


def comment_with_themes(comment_id: int):
    return with_themes(Comment.objects.filter(pk=comment_id)).first()


def team_comments(team, filters: dict):
    """The team's comments, newest first, narrowed by the list's filters."""
    found = Comment.objects.filter(team=team)
    if filters.get("theme"):
        found = found.filter(
            Exists(
                CommentTheme.objects.filter(
                    comment=OuterRef("pk"), code=filters["theme"], current=True
                )
            )
        )
    if filters.get("sentiment"):
        found = found.filter(sentiment=filters["sentiment"])
    if filters.get("month"):
        year, month = (int(part) for part in filters["month"].split("-"))
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        found = found.filter(answered_on__gte=start, answered_on__lt=end)
    show = filters.get("show") or []
    if "uncertain" in show:
        found = found.filter(uncertain=True)
    if "not_reviewed" in show:
        found = found.filter(reviewed_at__isnull=True)
    return with_themes(found).order_by("-answered_on", "-pk")


def one_comment(comment_id: int):
    """The comment with all its suggested and reviewed themes, its reviews, its changes."""
    return (
        Comment.objects.filter(pk=comment_id)
        .select_related("question", "focus_group", "team__service_line")
        .prefetch_related(
            CURRENT_THEMES,
            Prefetch("themes", queryset=CommentTheme.objects.order_by("source", "-probability")),
            "reviews",
            "changes",
        )
        .first()
    )


def review_lines(user) -> set[int]:
    """The service lines whose comments the user reviews (an active reviewer) or leads."""
    reviews = ThemeReviewer.objects.filter(user=user, is_active=True).values_list(
        "service_line_id", flat=True
    )
    leads = FeedbackLead.objects.filter(user=user).values_list("service_line_id", flat=True)
    return set(reviews) | set(leads)


def lead_lines(user) -> list:
    """The service lines the user is the feedback lead for."""
    return list(ServiceLine.objects.filter(feedback_leads__user=user).order_by("name"))


def review_queue(lines):
    """Themed comments nobody has reviewed: uncertain ones first, then the oldest."""
    return with_themes(
        Comment.objects.filter(
            team__service_line_id__in=lines, themed_at__isnull=False, reviewed_at__isnull=True
        )
    ).order_by("-uncertain", "answered_on", "pk")


def next_in_queue(lines, after_pk: int):
    return review_queue(lines).exclude(pk=after_pk).first()


def lead_user_ids(service_line_id: int) -> set[int]:
    return set(
        FeedbackLead.objects.filter(service_line_id=service_line_id).values_list(
            "user_id", flat=True
        )
    )


def reviewers(lines):
    """The reviewers of these service lines, with whether each volunteers in pathways (an
    active placement of the person whose sign-in it is)."""
    from recoveryhub.pathways.models import Placement, PlacementStatus

    volunteering = Placement.objects.filter(
        person__user=OuterRef("user"), status=PlacementStatus.ACTIVE
    )
    return (
        ThemeReviewer.objects.filter(service_line__in=lines)
        .select_related("user", "service_line")
        .annotate(volunteers=Exists(volunteering))
        .order_by("-is_active", "service_line__name", "user__full_name", "pk")
    )


def sign_in_by_email(email: str):
    return User.objects.filter(email__iexact=email.strip()).prefetch_related("role_grants").first()


def team_focus_groups(team):
    return (
        FocusGroup.objects.filter(team=team)
        .prefetch_related(Prefetch("themes", queryset=FocusGroupTheme.objects.order_by("code")))
        .order_by("-held_on", "-pk")
    )


def one_focus_group(group_id: int):
    return (
        FocusGroup.objects.filter(pk=group_id)
        .select_related("team")
        .prefetch_related(
            Prefetch("themes", queryset=FocusGroupTheme.objects.order_by("code")),
            Prefetch("comments", queryset=Comment.objects.order_by("pk")),
        )
        .first()
    )
