from django.urls import path

from . import views, views_flag_counts, views_flags, views_requests

app_name = "measures"

urlpatterns = [
    path("check-ins/", views.check_ins, name="mine"),
    path("check-ins/start/<slug:code>/", views.start, name="start"),
    path("check-ins/progress/<slug:code>/", views.progress, name="progress"),
    path("check-ins/reminders/", views.reminders, name="reminders"),
    path("check-ins/reminders/<int:schedule_id>/stop/", views.stop_reminder, name="stop_reminder"),
    path("check-ins/<int:check_in_id>/", views.result, name="result"),
    path("check-ins/<int:check_in_id>/question/<int:number>/", views.question, name="question"),
    path("check-ins/<int:check_in_id>/check/", views.check_answers, name="check"),
    path("check-ins/<int:check_in_id>/discard/", views.discard, name="discard"),
    path("check-ins/flags/<int:flag_id>/", views_flags.flag, name="flag"),
    path("outcomes/", views.outcomes_page, name="outcomes"),
    path("safety-flags/", views_flag_counts.flag_counts_page, name="flag_counts"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
    path("people/<int:person_id>/check-ins/", views.check_ins, name="person"),
    path("people/<int:person_id>/check-ins/start/<slug:code>/", views.start, name="person_start"),
    path(
        "people/<int:person_id>/check-ins/progress/<slug:code>/",
        views.progress,
        name="person_progress",
    ),
    path("people/<int:person_id>/check-ins/ask/", views_requests.ask, name="ask"),
    path("check-ins/asked/<int:request_id>/withdraw/", views_requests.cancel, name="cancel_ask"),
    path(
        "people/<int:person_id>/check-ins/reminders/",
        views.reminders,
        name="person_reminders",
    ),
]
