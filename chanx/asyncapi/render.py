"""Serialising the document (JSON, YAML) and the HTML docs page — the one renderer.

The docs page embeds the document as JSON in a ``<script type="application/json">``
element, escaped so that no ``</script>``, ``<!--`` or line separator in a description
can end the element or break the script, and renders it with the AsyncAPI React
component's standalone bundle (``AsyncApiStandalone.render``). The JS and CSS URLs are
parameters: the integrations pass pinned CDN URLs with SRI hashes by default, or
self-hosted files for offline use.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["embed_json", "render_docs_page", "render_error_page", "to_json", "to_yaml"]

_YAML_HINT = (
    "PyYAML is required for YAML output: pip install 'chanx[channels]' "
    "(or 'chanx[fast_channels]', or 'PyYAML')"
)

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def to_json(document: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The document as JSON, keys in document order, non-ASCII kept."""
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"


def to_yaml(document: Mapping[str, Any]) -> str:
    """The document as YAML (block style, keys in document order); needs PyYAML."""
    try:
        import yaml
    except ImportError as exc:
        raise ImportError(_YAML_HINT) from exc
    # A JSON round trip turns the document into plain dicts/lists/scalars.
    plain = json.loads(json.dumps(document))
    return str(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, default_flow_style=False))


def embed_json(document: Mapping[str, Any]) -> str:
    """JSON that is safe inside a ``<script>`` element (and still valid JSON)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(
        _SCRIPT_ESCAPES
    )


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _integrity(value: str | None) -> str:
    if not value:
        return ""
    return f' integrity="{_attr(value)}" crossorigin="anonymous"'


_RENDER_SCRIPT = """
(function () {
  var target = document.getElementById("asyncapi");
  function fail(message) {
    target.innerHTML = "";
    var box = document.createElement("pre");
    box.className = "chanx-docs-error";
    box.textContent = "The AsyncAPI documentation could not be rendered: " + message;
    target.appendChild(box);
  }
  try {
    var schema = JSON.parse(document.getElementById("asyncapi-schema").textContent);
    if (typeof AsyncApiStandalone === "undefined") {
      fail("the AsyncAPI React component script did not load.");
      return;
    }
    AsyncApiStandalone.render({schema: schema, config: {show: {sidebar: true}}}, target);
  } catch (error) {
    fail(String(error && error.message ? error.message : error));
  }
})();
"""

_STYLE = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.chanx-docs-error { margin: 2rem; padding: 1rem; white-space: pre-wrap;
  border: 1px solid #dc2626; background: #fef2f2; color: #7f1d1d; }
"""


def render_docs_page(
    document: Mapping[str, Any],
    *,
    title: str,
    js_url: str,
    css_url: str,
    js_integrity: str | None = None,
    css_integrity: str | None = None,
) -> str:
    """A standalone HTML page rendering ``document`` with the AsyncAPI React component.

    If the bundle fails to load or throws, the page shows the reason instead of
    staying blank.
    """
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{_attr(css_url)}"{_integrity(css_integrity)}>
<style>{_STYLE}</style>
</head>
<body>
<div id="asyncapi"><noscript>This page needs JavaScript to show the AsyncAPI documentation.</noscript></div>
<script type="application/json" id="asyncapi-schema">{embed_json(document)}</script>
<script src="{_attr(js_url)}"{_integrity(js_integrity)}></script>
<script>{_RENDER_SCRIPT}</script>
</body>
</html>
"""


def render_error_page(message: str, *, title: str = "AsyncAPI documentation") -> str:
    """A readable HTML page for a document that could not be generated."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} — error</title>
<style>{_STYLE}</style>
</head>
<body>
<main class="chanx-docs-error" role="alert">
<h1>The AsyncAPI document could not be generated</h1>
<pre>{html.escape(message)}</pre>
</main>
</body>
</html>
"""
