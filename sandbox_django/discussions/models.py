"""Discussion threads and comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Thread(models.Model):
    """A discussion; clients follow it by subscribing to ``thread:<id>``."""

    title = models.CharField(max_length=200)
    locked = models.BooleanField(default=False)

    objects: models.Manager[Thread] = models.Manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """One comment of a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    objects: models.Manager[Comment] = models.Manager()

    class Meta:
        ordering = ["id"]
