from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "recoveryhub.episodes"
    label = "episodes"
    verbose_name = "Reablement, recovery coaching and an open door back"
