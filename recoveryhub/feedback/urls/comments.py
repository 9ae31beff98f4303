"""Comments and their themes reviewed by people with lived experience, and focus groups."""

from django.urls import path

from recoveryhub.feedback.views import comments, focus_groups, review

urlpatterns = [
    path("teams/<int:team_id>/comments/", comments.comments, name="comments"),
    path("comments/<int:comment_id>/", comments.comment, name="comment"),
    path("review/", review.review, name="review"),
    path("review/<int:comment_id>/", review.review_comment, name="review_comment"),
    path("reviewers/", review.reviewers, name="reviewers"),
    path("teams/<int:team_id>/focus-groups/", focus_groups.focus_groups, name="focus_groups"),
    path(
        "teams/<int:team_id>/focus-groups/new/",
        focus_groups.focus_group_add,
        name="focus_group_add",
    ),
    path("focus-groups/<int:group_id>/", focus_groups.focus_group, name="focus_group"),
]
