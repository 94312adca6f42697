"""Load an AsyncAPI document from a file or an http(s) URL, as JSON or YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chanx.client_gen.errors import SchemaError, SchemaLoadError

__all__ = ["load_document", "parse_document", "read_source"]


def read_source(source: str, *, timeout: float = 30.0) -> str:
    """The text of ``source``: a path, or an ``http://``/``https://`` URL fetched with httpx."""
    if source.startswith(("http://", "https://")):
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - the cli extra brings httpx
            raise SchemaLoadError("fetching a URL needs httpx: pip install 'chanx[cli]'") from exc
        try:
            response = httpx.get(source, timeout=timeout, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise SchemaLoadError(f"cannot fetch {source}: {exc}") from exc
        if response.status_code >= 400:
            raise SchemaLoadError(
                f"cannot fetch {source}: HTTP {response.status_code} {response.reason_phrase}"
            )
        return response.text
    path = Path(source)
    if not path.exists():
        raise SchemaLoadError(f"schema file not found: {source}")
    if not path.is_file():
        raise SchemaLoadError(f"schema path is not a file: {source}")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaLoadError(f"cannot read {source}: {exc}") from exc


def parse_document(text: str, *, source: str = "<document>") -> dict[str, Any]:
    """Parse JSON (or YAML, a superset) and check it is an AsyncAPI 3 document."""
    data: Any
    try:
        data = json.loads(text)
    except ValueError:
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover - the cli extra brings PyYAML
            raise SchemaLoadError(f"{source} is not JSON (install PyYAML for YAML)") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise SchemaLoadError(f"{source} is neither valid JSON nor YAML{where}") from exc
    if not isinstance(data, dict):
        raise SchemaError(f"{source} is not an AsyncAPI document (top level is not an object)")
    document: dict[str, Any] = data  # pyright: ignore[reportUnknownVariableType]
    version = document.get("asyncapi")
    if not isinstance(version, str):
        raise SchemaError(f"{source} is not an AsyncAPI document (no 'asyncapi' version field)")
    if not version.startswith("3."):
        raise SchemaError(f"{source} is AsyncAPI {version}; only AsyncAPI 3.x is supported")
    return document


def load_document(source: str, *, timeout: float = 30.0) -> dict[str, Any]:
    """Read and parse ``source`` (path or URL) into an AsyncAPI 3 document."""
    return parse_document(read_source(source, timeout=timeout), source=source)
