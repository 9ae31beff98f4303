"""reviews pages of the plans."""

from django.urls import path

from ..views import reviews as views

urlpatterns: list = [
    path("plans/reviews/", views.reviews_due, name="reviews_due"),
]
