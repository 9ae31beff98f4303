"""figures pages of the pathways: what the pathways did, for managers and the pathways
team (aggregates only), as a page and a CSV."""

from django.urls import path

from ..views import figures as views

urlpatterns: list = [
    path("figures/", views.figures_page, name="figures"),
    path("figures/download/", views.figures_csv, name="figures_csv"),
]
