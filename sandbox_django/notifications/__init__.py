"""Notifications: server-side code (Celery tasks, a management command) pushing events."""
