"""Trainers' pages of the Recovery College: their runs, students, registers; certificates
and course feedback."""

from django.urls import path

from recoveryhub.college.views import teaching as views

urlpatterns = [
    path("teaching/", views.teaching, name="teaching"),
    path("teaching/runs/<int:run_id>/", views.run_students, name="run_students"),
    path("teaching/runs/<int:run_id>/feedback/", views.run_feedback, name="run_feedback"),
    path(
        "teaching/sessions/<int:session_id>/register/",
        views.session_register,
        name="session_register",
    ),
    path("places/<int:enrolment_id>/certificate.pdf", views.certificate, name="certificate"),
    path("places/<int:enrolment_id>/feedback/", views.feedback, name="feedback"),
    path("courses/<slug:course_slug>/feedback/", views.course_feedback, name="course_feedback"),
]
