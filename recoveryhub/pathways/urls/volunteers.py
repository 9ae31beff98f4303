"""Volunteers: the list, a placement (checklist, hours, payments) and their changes."""

from django.urls import path

from recoveryhub.pathways.views import volunteers as views
from recoveryhub.pathways.views import volunteers_hours as hours
from recoveryhub.pathways.views import volunteers_steps as steps

urlpatterns = [
    path("volunteers/", views.volunteers, name="volunteers"),
    path("placements/<int:placement_id>/", views.placement, name="placement"),
    path("checks/<int:item_id>/", steps.check, name="check"),
    path("placements/<int:placement_id>/start/", steps.start, name="placement_start"),
    path("placements/<int:placement_id>/end/", steps.end, name="placement_end"),
    path("placements/<int:placement_id>/payments/add/", steps.payment_add, name="payment_add"),
    path("placements/<int:placement_id>/hours/", hours.log_hours, name="log_hours"),
    path("hours/<int:hours_id>/change/", hours.change_hours, name="change_hours"),
    path("hours/<int:hours_id>/decide/", hours.hours_decide, name="hours_decide"),
]
