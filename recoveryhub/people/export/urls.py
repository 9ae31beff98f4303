from django.urls import path

from . import views

app_name = "export"

urlpatterns = [
    path("my-record/download/", views.download, name="download"),
    path("my-record/download/summary/", views.summary_page, name="summary"),
    path("my-record/download/record.pdf", views.pdf_download, name="pdf"),
    path("my-record/download/record.json", views.fhir_download, name="fhir"),
    path("people/<int:person_id>/print/", views.person_print, name="person_print"),
    path("people/<int:person_id>/download/record.pdf", views.person_pdf, name="person_pdf"),
    path("people/<int:person_id>/download/record.json", views.person_fhir, name="person_fhir"),
]
