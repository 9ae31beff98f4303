"""The team's evidence from the other parts of the product, for its auditors."""

from django.urls import path

from ..views import evidence as views

urlpatterns = [
    path("audits/<int:pk>/evidence/", views.evidence_page, name="evidence"),
]
