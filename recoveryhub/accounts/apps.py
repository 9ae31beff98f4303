from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recoveryhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
