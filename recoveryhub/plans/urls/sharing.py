"""Sharing plans with carers, carers' read-only views, and printing plans (page and PDF)."""

from django.urls import path

from ..views import sharing as views

RISK = "positive-risk-plans/<int:plan_id>"
PERSON = "people/<int:person_id>"
CARING = "caring-for/<int:person_id>"

urlpatterns = [
    # The person decides which plans carers may see.
    path("plan/sharing/", views.sharing, name="sharing"),
    # A carer's read-only views of the plans shared with them.
    path(f"{CARING}/plans/", views.cared_for_plans, name="cared_for_plans"),
    path(f"{CARING}/plan/", views.cared_for_plan, name="cared_for_plan"),
    path(f"{CARING}/{RISK}/", views.cared_for_risk_plan, name="cared_for_risk_plan"),
    # Printing and PDFs: the person's own, and for anyone else allowed.
    path("plan/print/", views.print_plan, name="print"),
    path("plan/plan.pdf", views.pdf_plan, name="pdf"),
    path(f"{PERSON}/plan/print/", views.person_print, name="person_print"),
    path(f"{PERSON}/plan/plan.pdf", views.person_pdf, name="person_pdf"),
    path(f"{RISK}/print/", views.risk_print, name="risk_print"),
    path(f"{RISK}/plan.pdf", views.risk_pdf, name="risk_pdf"),
    path(f"{PERSON}/{RISK}/print/", views.person_risk_print, name="person_risk_print"),
    path(f"{PERSON}/{RISK}/plan.pdf", views.person_risk_pdf, name="person_risk_pdf"),
]
