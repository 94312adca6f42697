"""The chanx sandbox: a small Django application built on chanx consumers.

Apps: ``accounts`` (session and token login, demo users), ``chat`` (group chats with
members and persisted messages), ``assistants`` (a streamed reply), ``notifications``
(Celery tasks and a management command pushing events) and ``system`` (protocol
playground). Run it with ``scripts/sandbox``; see ``docs/sandbox.md``.
"""

from sandbox_django.celery import app as celery_app

__all__ = ["celery_app"]
