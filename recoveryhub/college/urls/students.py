"""Students' pages of the Recovery College: becoming a student, learning plans, enrolling."""

from django.urls import path

from recoveryhub.college.views import students as views

urlpatterns = [
    path("become-a-student/", views.become_student, name="become_student"),
    path(
        "become-a-student/check-your-email/",
        views.become_student_sent,
        name="become_student_sent",
    ),
    path(
        "become-a-student/finish/<str:token>/",
        views.finish_becoming_student,
        name="finish_becoming_student",
    ),
    path("learning-plan/", views.learning_plan, name="learning_plan"),
    path("runs/<int:run_id>/enrol/", views.enrol, name="enrol"),
    path("places/<int:enrolment_id>/", views.place, name="place"),
    path("my-courses/", views.my_courses, name="my_courses"),
    path("places/<int:enrolment_id>/cancel/", views.cancel_place, name="cancel_place"),
]
