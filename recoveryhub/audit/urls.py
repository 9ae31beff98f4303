from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.trail, name="trail"),
    path("audit-trail.csv", views.trail_csv, name="trail_csv"),
]
