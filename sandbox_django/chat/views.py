"""A plain (sync) Django view pushing events to websocket clients."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from sandbox_django.chat.consumers import ChatConsumer
from sandbox_django.chat.messages import AnnouncementPayload, SystemAnnouncementEvent
from sandbox_django.chat.models import ChatRoom


@csrf_exempt
@require_POST
def announce(request: HttpRequest) -> JsonResponse:
    """``POST /announce/?room=general&text=hello``: announce to everyone in a room.

    ``room`` and ``text`` may come from the query string or a form body. Uses
    ``ChatConsumer.broadcast_event_sync`` from sync code; every connection of the room
    receives an ``announcement`` frame. Unauthenticated on purpose: this is a demo.
    """
    room_name = request.POST.get("room") or request.GET.get("room") or ""
    text = request.POST.get("text") or request.GET.get("text") or ""
    try:
        payload = AnnouncementPayload(room=room_name, text=text)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        return JsonResponse({"detail": "invalid announcement", "errors": errors}, status=400)
    room = ChatRoom.objects.filter(name=payload.room).first()
    if room is None:
        return JsonResponse({"detail": f"unknown room {payload.room!r}"}, status=404)
    ChatConsumer.broadcast_event_sync(SystemAnnouncementEvent(payload=payload), room.group_name)
    return JsonResponse({"status": "sent", "room": room.name, "group": room.group_name})
