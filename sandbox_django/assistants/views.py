"""The assistant's web page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def assistant(request: HttpRequest) -> HttpResponse:
    """Ask a question and watch the reply stream in over ``ws/assistant/``."""
    return render(request, "assistants/assistant.html")
