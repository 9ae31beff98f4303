from django.apps import AppConfig


class CollegeConfig(AppConfig):
    name = "recoveryhub.college"
    label = "college"
    verbose_name = "Recovery College"

    def ready(self) -> None:
        from . import reach_signals

        reach_signals.connect()
