"""recovery pages of the plans: my recovery and wellbeing plan, its goals and versions.

The same views serve the person's own plan (/plan/...) and a worker writing it with
them (/people/<person_id>/plan/...).
"""

from django.urls import path

from ..views import recovery as views

PERSON = "people/<int:person_id>/plan/"

urlpatterns: list = [
    path("plan/", views.plan_page, name="mine"),
    path("plan/change/", views.edit, name="edit"),
    path("plan/agree/", views.agree, name="agree"),
    path("plan/goals/add/", views.goal_form, name="goal_add"),
    path("plan/goals/<int:goal_id>/", views.goal_form, name="goal_change"),
    path("plan/goals/<int:goal_id>/rating/", views.goal_rate, name="goal_rate"),
    path("plan/versions/", views.version_history, name="versions"),
    path("plan/versions/compare/", views.compare, name="compare"),
    path(PERSON, views.plan_page, name="person_plan"),
    path(f"{PERSON}change/", views.edit, name="person_edit"),
    path(f"{PERSON}goals/add/", views.goal_form, name="person_goal_add"),
    path(f"{PERSON}goals/<int:goal_id>/", views.goal_form, name="person_goal_change"),
    path(f"{PERSON}goals/<int:goal_id>/rating/", views.goal_rate, name="person_goal_rate"),
    path(f"{PERSON}versions/", views.version_history, name="person_versions"),
    path(f"{PERSON}versions/compare/", views.compare, name="person_compare"),
]
