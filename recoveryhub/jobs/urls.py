from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.runner, name="runner"),
    path("runs/<int:pk>/try-again", views.try_again, name="try_again"),
    path("runs/<int:pk>/give-up", views.give_up, name="give_up"),
]
