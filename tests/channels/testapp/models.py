"""Models the authentication tests look up."""

from django.db import models


class Room(models.Model):
    """A chat room; ``is_private`` rooms refuse object permission."""

    name = models.CharField(max_length=50, unique=True)
    is_private = models.BooleanField(default=False)

    class Meta:
        app_label = "testapp"
