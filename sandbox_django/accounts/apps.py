"""App configuration of the accounts app."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Login (session cookie or DRF token) and the seeded demo users."""

    name = "sandbox_django.accounts"
    label = "sandbox_accounts"
    verbose_name = "Sandbox: accounts"
