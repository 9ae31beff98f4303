"""A signed-in person, or a carer, tells the teams that support them how it was."""

from django.urls import path

from recoveryhub.feedback.views import person

urlpatterns = [
    path("give/", person.give, name="give"),
    path("give/<int:survey_id>/", person.give_survey, name="give_survey"),
    path("give/<int:survey_id>/thanks/", person.given, name="given"),
]
