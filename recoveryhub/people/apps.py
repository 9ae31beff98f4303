from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "recoveryhub.people"
    label = "people"
    verbose_name = "People, carers and teams"
