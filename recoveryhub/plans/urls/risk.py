"""Positive risk-taking plans: the person's own, and a caseload worker's pages with them."""

from django.urls import path

from recoveryhub.plans.views import risk as views

urlpatterns = [
    path("positive-risk-plans/", views.risk_plans, name="risk_plans"),
    path("positive-risk-plans/add/", views.risk_plan_add, name="risk_plan_add"),
    path(
        "people/<int:person_id>/positive-risk-plans/",
        views.risk_plans,
        name="person_risk_plans",
    ),
    path(
        "people/<int:person_id>/positive-risk-plans/add/",
        views.risk_plan_add,
        name="person_risk_plan_add",
    ),
    path("positive-risk-plans/<int:plan_id>/", views.risk_plan, name="risk_plan"),
    path(
        "positive-risk-plans/<int:plan_id>/change/",
        views.risk_plan_change,
        name="risk_plan_change",
    ),
    path(
        "positive-risk-plans/<int:plan_id>/agree/", views.risk_plan_agree, name="risk_plan_agree"
    ),
    path(
        "positive-risk-plans/<int:plan_id>/close/", views.risk_plan_close, name="risk_plan_close"
    ),
    path(
        "positive-risk-plans/<int:plan_id>/review/",
        views.risk_plan_review,
        name="risk_plan_review",
    ),
    path(
        "positive-risk-plans/<int:plan_id>/versions/",
        views.risk_plan_versions,
        name="risk_plan_versions",
    ),
    path(
        "positive-risk-plans/<int:plan_id>/compare/",
        views.risk_plan_compare,
        name="risk_plan_compare",
    ),
]
