from django.urls import path

from . import views, views_named, views_team

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_add, name="add"),
    path("<int:user_id>/", views.account, name="account"),
    path("<int:user_id>/change/", views.account_change, name="change"),
    path(
        "<int:user_id>/reset-two-factor/", views.account_two_factor_reset, name="two_factor_reset"
    ),
    path("<int:user_id>/unlock/", views.account_unlock, name="unlock"),
    path("<int:user_id>/leaver/", views.account_leaver, name="leaver"),
    path("<int:user_id>/send-sign-in-email/", views.account_sign_in_email, name="sign_in_email"),
    # A team lead's own teams (views_team.py).
    path("your-team/", views_team.team_staff, name="team"),
    path(
        "your-team/<int:user_id>/reset-two-factor/",
        views_team.team_two_factor_reset,
        name="team_two_factor_reset",
    ),
    path("your-team/<int:user_id>/unlock/", views_team.team_unlock, name="team_unlock"),
    # Named workers, team by team (views_named.py).
    path("teams/", views_named.teams, name="teams"),
    path(
        "teams/<int:team_id>/named-workers/",
        views_named.team_named_workers,
        name="named_workers",
    ),
    path(
        "teams/<int:team_id>/named-workers/<int:assignment_id>/",
        views_named.change_named_worker,
        name="change_named_worker",
    ),
]
