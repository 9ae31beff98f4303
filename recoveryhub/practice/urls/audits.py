"""The Recovery practice hub and the peer audit pages."""

from django.urls import path

from ..views import audits, audits_round

urlpatterns = [
    path("", audits.home, name="home"),
    path("audits/", audits.rounds, name="rounds"),
    path("audits/start/", audits.round_start, name="round_start"),
    path("audits/<int:pk>/", audits_round.round_view, name="round"),
    path("audits/<int:pk>/our-rating/", audits_round.rate_team, name="rate_team"),
    path("audits/<int:pk>/your-rating/", audits_round.rate_auditor, name="rate_auditor"),
    path("audits/<int:pk>/agreed/", audits_round.agree, name="agree"),
    path("audits/<int:pk>/priorities/", audits_round.priorities, name="priorities"),
    path("teams/<int:team_id>/audits/", audits.team_audits, name="team_audits"),
    path("stages/", audits.stages_view, name="stages"),
]
