"""Errors of the client generator (the CLI prints them as one line, exit code 1)."""

from __future__ import annotations

__all__ = ["ClientGenError", "SchemaError", "SchemaLoadError"]


class ClientGenError(Exception):
    """Root of the generator's errors."""


class SchemaLoadError(ClientGenError):
    """The document could not be read: missing file, HTTP failure, not JSON/YAML."""


class SchemaError(ClientGenError):
    """The document was read but is not an AsyncAPI 3 document the generator understands."""
