from typing import Any

from rest_framework.permissions import BasePermission


class IsPublicRoom(BasePermission):
    message = "This room is private"

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return not obj.is_private
