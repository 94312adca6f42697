"""Django settings for the test suite (SQLite, in-memory channel layer)."""

from __future__ import annotations

SECRET_KEY = "chanx-tests-not-secret"  # test-only key
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "channels",
    "chanx.channels",
    "tests.channels.testapp",
    # The sandbox's apps, for their model/REST/consumer tests in tests/sandbox/.
    "sandbox_django.accounts",
    "sandbox_django.chat",
    "sandbox_django.assistants",
    "sandbox_django.notifications",
    "sandbox_django.discussions",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
ROOT_URLCONF = "tests.channels.testapp.urls"
ASGI_APPLICATION = "tests.channels.testapp.asgi.application"
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CHANX: dict[str, object] = {}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
}
# Sandbox apps: Celery tasks run in the caller (no broker) in these tests.
STATIC_URL = "/static/"  # sandbox_django.asgi wraps HTTP in ASGIStaticFilesHandler
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
