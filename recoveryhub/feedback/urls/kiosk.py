"""The clinic tablet (public, answering only to its device cookie) and the service admin's
pages for tablets."""

from django.urls import path

from recoveryhub.feedback.views import kiosk, kiosks_admin

urlpatterns = [
    path("kiosk/enrol/<str:token>/", kiosk.kiosk_enrol, name="kiosk_enrol"),
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("kiosk/thanks/", kiosk.kiosk_thanks, name="kiosk_thanks"),
    path("kiosk/answers", kiosk.kiosk_answers, name="kiosk_answers"),
    path("kiosk/ping", kiosk.kiosk_ping, name="kiosk_ping"),
    path("kiosk/sw.js", kiosk.kiosk_worker, name="kiosk_worker"),
    path("kiosk/stopped/", kiosk.kiosk_stopped, name="kiosk_stopped"),
    path("kiosks/", kiosks_admin.kiosks, name="kiosks"),
    path("kiosks/new/", kiosks_admin.kiosk_add, name="kiosk_add"),
    path("kiosks/<int:kiosk_id>/", kiosks_admin.kiosk_detail, name="kiosk_detail"),
]
