"""Feedback's figures: the trust's (managers and feedback leads), a team's, its contacts."""

from django.urls import path

from ..views import figures as views

urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("teams/<int:team_id>/figures/", views.team_figures, name="team_figures"),
    path("teams/<int:team_id>/contacts/", views.contacts, name="contacts"),
]
