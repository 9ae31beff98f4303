"""The public listing of opportunities, and one opportunity's page."""

from django.urls import path

from recoveryhub.pathways.views import listing as views

urlpatterns = [
    path("", views.listing, name="listing"),
    path("<int:opportunity_id>/", views.opportunity, name="opportunity"),
]
