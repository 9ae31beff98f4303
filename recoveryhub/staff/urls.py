from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.staff_add, name="add"),
    path("<int:user_id>/", views.account, name="account"),
    path("<int:user_id>/change/", views.account_change, name="change"),
    path(
        "<int:user_id>/reset-two-factor/", views.account_two_factor_reset, name="two_factor_reset"
    ),
    path("<int:user_id>/unlock/", views.account_unlock, name="unlock"),
    path("<int:user_id>/leaver/", views.account_leaver, name="leaver"),
    path("<int:user_id>/send-sign-in-email/", views.account_sign_in_email, name="sign_in_email"),
]
