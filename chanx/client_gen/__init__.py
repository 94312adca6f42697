"""Generate typed Python and TypeScript clients from a chanx AsyncAPI 3 document.

``chanx generate-client --schema PATH_OR_URL --output DIR [--language python|typescript]``
runs :func:`generate`; the pieces are :mod:`.loader` (read + check the document),
:mod:`.model` (the normalised channels/messages/replies/topics), the two emitters and
:mod:`.writer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from chanx.client_gen.errors import ClientGenError, SchemaError, SchemaLoadError
from chanx.client_gen.loader import load_document
from chanx.client_gen.model import ClientSpec, build_spec
from chanx.client_gen.python_emitter import emit_python
from chanx.client_gen.typescript_emitter import emit_typescript
from chanx.client_gen.writer import format_python, write_files

__all__ = [
    "ClientGenError",
    "ClientSpec",
    "Language",
    "SchemaError",
    "SchemaLoadError",
    "build_spec",
    "generate",
    "render",
]

Language = Literal["python", "typescript"]


def render(spec: ClientSpec, language: Language = "python") -> dict[str, str]:
    """Relative path -> content of the client for ``spec`` (deterministic)."""
    if language == "typescript":
        return emit_typescript(spec)
    return format_python(emit_python(spec))


def generate(schema: str, output: Path, language: Language = "python") -> list[Path]:
    """Load ``schema`` (path or URL), generate the client into ``output``; changed files."""
    spec = build_spec(load_document(schema))
    return write_files(output, render(spec, language))
