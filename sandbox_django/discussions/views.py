"""REST endpoint: comments posted over HTTP reach the thread's live subscribers."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sandbox_django.discussions import services
from sandbox_django.discussions.messages import CommentPostedMessage
from sandbox_django.discussions.models import Thread
from sandbox_django.discussions.topics import ThreadTopic


class CommentSerializer(serializers.Serializer[dict[str, str]]):
    text = serializers.CharField(max_length=2000, trim_whitespace=True)


class ThreadCommentsView(APIView):
    """``POST /discussions/<thread_id>/comments/`` ``{"text": ...}`` (token or session)."""

    def post(self, request: Request, thread_id: int) -> Response:
        thread = get_object_or_404(Thread, pk=thread_id)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.add_comment(
            str(thread.pk), request.user, serializer.validated_data["text"]
        )
        if comment is None:
            return Response({"detail": "This thread is locked"}, status=status.HTTP_409_CONFLICT)
        topic = ThreadTopic.topic_for(thread_id=thread.pk)
        ThreadTopic.broadcast_sync(topic, CommentPostedMessage(payload=comment), seq=comment.id)
        return Response(comment.model_dump(), status=status.HTTP_201_CREATED)
