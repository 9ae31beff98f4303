from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "recoveryhub.practice"
    label = "practice"
    verbose_name = "Recovery practice: peer audit, the action plan and board reports"
