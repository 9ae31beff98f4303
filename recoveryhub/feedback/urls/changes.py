"""'You said, we did': a team's entries, drafting and approval, and the public pages."""

from django.urls import path

from ..views import changes as views
from ..views import public_changes

urlpatterns = [
    path("teams/<int:team_id>/changes/", views.changes, name="changes"),
    path("teams/<int:team_id>/changes/new/", views.change_add, name="change_add"),
    path("changes/<int:change_id>/", views.change, name="change"),
    path("you-said-we-did/", public_changes.public_changes, name="public_changes"),
    path(
        "you-said-we-did/<int:team_id>/",
        public_changes.public_team_changes,
        name="public_team_changes",
    ),
]
