from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recoveryhub.core"
    label = "core"
    verbose_name = "Core"
