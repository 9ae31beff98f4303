"""Lived-experience interview panels: the register, bookings, debriefs and payments."""

from django.urls import path

from recoveryhub.pathways.views import panels as views
from recoveryhub.pathways.views import panels_bookings as bookings

urlpatterns = [
    path("panels/", views.register, name="panels"),
    path("panels/members/add/", views.member_add, name="panel_member_add"),
    path("panels/members/<int:member_id>/book/", bookings.book, name="panel_book"),
    path("panels/bookings/<int:booking_id>/", bookings.booking, name="booking"),
    path("panels/bookings/<int:booking_id>/cancel/", bookings.cancel, name="booking_cancel"),
    path("panels/bookings/<int:booking_id>/debrief/", bookings.debrief, name="debrief"),
    path("panels/bookings/<int:booking_id>/payment/", bookings.payment, name="booking_payment"),
    path("panels/chairing/", views.chairing, name="chairing"),
]
