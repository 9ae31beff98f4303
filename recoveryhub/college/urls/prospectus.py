"""The public prospectus of the Recovery College: no sign-in needed."""

from django.urls import path

from recoveryhub.college.views import prospectus as views

urlpatterns = [
    path("", views.prospectus_page, name="prospectus"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/calendar.ics", views.run_calendar, name="run_calendar"),
    path("terms/<slug:term_slug>/prospectus.pdf", views.term_prospectus, name="term_prospectus"),
]
