from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "recoveryhub.staff"
    verbose_name = "Staff and sign-ins"
