"""Settings of the chanx sandbox project.

Environment variables (all optional):

``CHANX_SANDBOX_DB``
    Path of the SQLite database (default: ``db.sqlite3`` at the repository root).
``REDIS_URL`` (or the older name ``CHANX_SANDBOX_REDIS_URL``)
    ``redis://host:port/db``; when set, the channel layer is channels-redis, configured
    by :func:`chanx.channels.layers.redis_channel_layer` (idle-safe socket timeout,
    keepalive, a 1,000-connection pool), instead of the in-memory layer, and Celery uses
    it as its broker (start a worker with ``celery -A sandbox_django worker``). Without
    it Celery tasks run eagerly, inside the web process, so nothing else is needed.
``CHANX_SANDBOX_DEBUG``
    ``1`` (default) or ``0``.
``CHANX_SANDBOX_SECRET_KEY``
    Django's ``SECRET_KEY`` (an insecure development key by default).
``CHANX_SANDBOX_DOCS_ASSETS``
    Directory of the ``@asyncapi/react-component`` npm package; when set, the docs page
    loads the component from ``/asyncapi/assets/`` instead of the CDN (offline use).
    ``scripts/sandbox`` sets it when the shared tools' npm packages are installed.
``CHANX_SANDBOX_ALLOWED_HOSTS``
    Comma-separated hosts added to the loopback names in ``ALLOWED_HOSTS``; websocket
    ``Origin`` headers are checked against the same list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import structlog

from chanx.channels.layers import redis_channel_layer

BASE_DIR = Path(__file__).resolve().parent
REPO_ROOT = BASE_DIR.parent


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


SECRET_KEY = os.environ.get(
    "CHANX_SANDBOX_SECRET_KEY", "chanx-sandbox-insecure-development-key-do-not-deploy"
)
DEBUG = _env_flag("CHANX_SANDBOX_DEBUG", True)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    host.strip()
    for host in os.environ.get("CHANX_SANDBOX_ALLOWED_HOSTS", "").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "chanx.channels",
    "sandbox_django.system",
    "sandbox_django.accounts",
    "sandbox_django.chat",
    "sandbox_django.assistants",
    "sandbox_django.notifications",
    "sandbox_django.discussions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "sandbox_django.urls"
ASGI_APPLICATION = "sandbox_django.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CHANX_SANDBOX_DB") or str(REPO_ROOT / "db.sqlite3"),
        # Handshake authentication and sync views write sessions/tokens from threads.
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = (
    os.environ.get("REDIS_URL", "").strip() or os.environ.get("CHANX_SANDBOX_REDIS_URL", "").strip()
)
CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
    "default": (
        redis_channel_layer(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

# Celery (sandbox_django/celery.py reads every CELERY_* setting). With Redis, tasks go
# to a worker process; without it they run eagerly in the caller (the in-memory
# channel layer only reaches clients of this process anyway).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "chat:rooms"
LOGOUT_REDIRECT_URL = "index"

# Served by daphne itself through ASGIStaticFilesHandler (see asgi.py): no build step.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

DOCS_ASSETS_DIR = os.environ.get("CHANX_SANDBOX_DOCS_ASSETS") or None

CHANX: dict[str, Any] = {
    "SEND_COMPLETION": False,
    "LOG_WEBSOCKET_MESSAGE": False,
    "ASYNCAPI_TITLE": "chanx sandbox",
    "ASYNCAPI_DESCRIPTION": "Demo websocket endpoints of the chanx sandbox project.",
}
if DOCS_ASSETS_DIR:
    CHANX["ASYNCAPI_DOCS_JS_URL"] = "/asyncapi/assets/browser/standalone/index.js"
    CHANX["ASYNCAPI_DOCS_CSS_URL"] = "/asyncapi/assets/styles/default.min.css"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# chanx logs through structlog. Plain tracebacks: rich's default would print local
# variables (message payloads, tokens) into the server log.
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback),
    ]
)
