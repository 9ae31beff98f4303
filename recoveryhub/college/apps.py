from django.apps import AppConfig


class CollegeConfig(AppConfig):
    name = "recoveryhub.college"
    label = "college"
    verbose_name = "Recovery College"
