from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "recoveryhub.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
