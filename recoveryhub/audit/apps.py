from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "recoveryhub.audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import trail

        trail.connect()
