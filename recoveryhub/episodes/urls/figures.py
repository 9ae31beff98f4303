"""figures pages of the episodes: managers' figures of reablement and coaching (aggregates
only), and what each of their own teams offers."""

from django.urls import path

from ..views import figures as views

urlpatterns: list = [
    path("reablement/figures/", views.throughput_page, name="throughput"),
    path("reablement/figures/download/", views.throughput_csv, name="throughput_csv"),
    path("reablement/what-teams-offer/", views.types, name="types"),
    path("reablement/teams/<int:team_id>/offer/add/", views.type_add, name="type_add"),
    path("reablement/offer/<int:type_id>/change/", views.type_change, name="type_change"),
]
