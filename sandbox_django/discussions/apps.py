from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    """Discussion threads and their comments."""

    name = "sandbox_django.discussions"
    default_auto_field = "django.db.models.BigAutoField"
