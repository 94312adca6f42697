"""Websocket URL routing helpers mirroring Django's ``path``/``re_path``/``include``."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.urls import path, re_path

__all__ = ["include", "path", "re_path"]


def include(module: str) -> Any:
    """The ``router`` (a ``URLRouter``) of the module at dotted path ``module``."""
    try:
        return import_module(module).router
    except AttributeError as exc:
        raise ImportError(f"Module '{module}' has no 'router' to include") from exc
