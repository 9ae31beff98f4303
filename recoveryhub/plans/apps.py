from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "recoveryhub.plans"
    label = "plans"
    verbose_name = "Recovery and wellbeing plans, positive risk-taking plans"
