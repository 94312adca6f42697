"""The sandbox's Celery application: ``celery -A sandbox_django worker --pool=solo``.

Every ``CELERY_*`` Django setting configures it (see ``settings.py``): the Redis broker
when ``REDIS_URL`` is set, eager execution (no worker, no broker) otherwise. Tasks are
found in each app's ``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox_django.settings")

app = Celery("sandbox_django")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
