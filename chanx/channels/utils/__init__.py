"""Helpers for projects using chanx with Django."""

__all__: list[str] = []
