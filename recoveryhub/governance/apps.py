from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "recoveryhub.governance"
    label = "governance"
    verbose_name = "Records retention and the privacy notice"
