"""Web pages of the chat: the member's chats and one chat room."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sandbox_django.chat.models import Chat


@login_required
def rooms(request: HttpRequest) -> HttpResponse:
    """The chats the user belongs to."""
    chats = Chat.objects.filter(members=request.user)
    return render(request, "chat/rooms.html", {"chats": chats})


@login_required
def room(request: HttpRequest, chat_id: int) -> HttpResponse:
    """One chat: history from the REST API, live messages over ``ws/chat/<id>/``."""
    chat = get_object_or_404(Chat, pk=chat_id)
    if not chat.has_member(request.user):
        raise Http404("No such chat")
    return render(request, "chat/room.html", {"chat": chat})
