from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "recoveryhub.measures"
    label = "measures"
    verbose_name = "Check-ins and outcome measures"

    def ready(self) -> None:
        # Load and validate every instrument at start-up: a malformed file stops
        # the service with the file and field named, rather than failing later.
        from . import catalogue

        catalogue.load()
