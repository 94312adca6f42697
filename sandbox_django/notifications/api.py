"""``POST /api/notifications/``: queue a notification to yourself through Celery."""

from __future__ import annotations

from pydantic import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sandbox_django.accounts.auth import AUTHENTICATION_CLASSES
from sandbox_django.notifications.messages import NotificationPayload
from sandbox_django.notifications.tasks import notify_user


class NotifyMe(APIView):
    """Body ``{"text": "..."}``; answers 202 once the task is queued (or has run eagerly)."""

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        try:
            payload = NotificationPayload(text=str(request.data.get("text", "")))
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
            return Response({"detail": "invalid notification", "errors": errors}, status=400)
        notify_user.delay(request.user.pk, payload.text)
        return Response({"status": "queued"}, status=202)
