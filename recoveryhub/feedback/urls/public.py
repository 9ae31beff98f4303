"""A survey's public link and QR code: anyone may answer, with no sign-in."""

from django.urls import path

from recoveryhub.feedback.views import public

urlpatterns = [
    path("s/<str:code>/", public.survey, name="survey"),
    path("s/<str:code>/thanks/", public.survey_thanks, name="survey_thanks"),
    path("s/<str:code>/qr.svg", public.survey_qr, name="survey_qr"),
]
