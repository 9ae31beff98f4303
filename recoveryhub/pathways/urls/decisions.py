"""The owner's list of interest in a role, and yes or not this time."""

from django.urls import path

from recoveryhub.pathways.views import decisions as views

urlpatterns = [
    path(
        "opportunities/<int:opportunity_id>/interest/",
        views.opportunity_interest,
        name="opportunity_interest",
    ),
    path("interest/<int:interest_id>/decide/", views.decide, name="decide"),
]
