"""The feedback home for staff, a team's hub, its surveys and paper forms, and who leads
each service's feedback."""

from django.urls import path

from recoveryhub.feedback.views import hubs, leads, surveys

urlpatterns = [
    path("", hubs.home, name="home"),
    path("teams/<int:team_id>/", hubs.team, name="team"),
    path("surveys/<int:survey_id>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/paper/", surveys.paper, name="paper"),
    path("teams/<int:team_id>/surveys/new/", surveys.survey_add, name="survey_add"),
    path("leads/", leads.feedback_leads, name="leads"),  # service admins name them
]
