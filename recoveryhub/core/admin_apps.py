from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django admin with Recovery Hub's site (core/admin_site.py); kept apart so that
    loading apps imports no models."""

    default_site = "recoveryhub.core.admin_site.RecoveryHubAdminSite"
