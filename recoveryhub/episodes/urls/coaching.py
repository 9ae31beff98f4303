"""Recovery coaches: their caseload, and each person's move out of services back to the GP."""

from django.urls import path

from recoveryhub.episodes.views import coaching as views

urlpatterns = [
    path("coaching/", views.caseload, name="coaching"),
    path("episodes/<int:episode_id>/move-to-gp/", views.move, name="move"),
    path("episodes/<int:episode_id>/move-to-gp/<slug:step>/", views.move_step, name="move_step"),
    path(
        "episodes/<int:episode_id>/community-groups/add/",
        views.community_add,
        name="community_add",
    ),
    path(
        "episodes/<int:episode_id>/community-groups/<int:link_id>/remove/",
        views.community_remove,
        name="community_remove",
    ),
]
