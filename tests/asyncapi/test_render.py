"""JSON/YAML serialisation and the HTML docs page (:mod:`chanx.asyncapi.render`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from chanx.asyncapi import generate_asyncapi, render_docs_page, render_error_page, to_json, to_yaml
from chanx.asyncapi.render import embed_json
from tests.asyncapi.apps import golden_routes
from tests.asyncapi.validation import TOOLS, _skip_or_fail, node_modules

HOSTILE = "</script><script>alert('x')</script> <!-- & \u2028\u2029 >"


def document() -> dict[str, Any]:
    return generate_asyncapi(
        golden_routes(), title="Small app", version="1.0.0", description=HOSTILE
    )


def test_to_json_round_trips_in_document_order() -> None:
    doc = document()
    text = to_json(doc)
    assert text.endswith("\n")
    assert json.loads(text) == doc
    assert list(json.loads(text)) == list(doc)
    assert "\u2028" in text  # non-ASCII is kept as is (only the HTML embedding escapes)


def test_to_yaml_round_trips_without_aliases() -> None:
    doc = document()
    text = to_yaml(doc)
    assert yaml.safe_load(text) == doc
    assert "&id" not in text
    assert "*id" not in text
    assert text.startswith("asyncapi: 3.0.0\n")


def test_embedded_json_cannot_close_the_script_element() -> None:
    embedded = embed_json(document())
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in embedded
    assert json.loads(embedded) == document()


def test_docs_page_embeds_the_escaped_document() -> None:
    page = render_docs_page(
        document(),
        title="Docs <b>&",
        js_url="https://cdn.example/x.js?a=1&b=2",
        css_url="https://cdn.example/x.css",
        js_integrity="sha384-abc",
        css_integrity="sha384-def",
    )
    assert page.count("</script>") == 3  # the schema, the bundle, the render call
    schema_text = re.search(
        r'<script type="application/json" id="asyncapi-schema">(.*?)</script>', page, re.S
    )
    assert schema_text is not None
    assert json.loads(schema_text.group(1))["info"]["description"] == HOSTILE
    assert "<title>Docs &lt;b&gt;&amp;</title>" in page
    assert (
        '<script src="https://cdn.example/x.js?a=1&amp;b=2" integrity="sha384-abc" '
        'crossorigin="anonymous"></script>'
    ) in page
    assert (
        '<link rel="stylesheet" href="https://cdn.example/x.css" integrity="sha384-def" '
        'crossorigin="anonymous">'
    ) in page
    assert "AsyncApiStandalone.render({schema: schema, config: {show: {sidebar: true}}}" in page


def test_docs_page_without_integrity() -> None:
    page = render_docs_page(document(), title="T", js_url="/static/a.js", css_url="/static/a.css")
    assert "integrity" not in page
    assert "crossorigin" not in page
    assert '<script src="/static/a.js"></script>' in page


def test_error_page_is_escaped_and_readable() -> None:
    page = render_error_page("Boom <script>alert(1)</script> & co")
    assert "<script>alert" not in page
    assert "Boom &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "could not be generated" in page


# --------------------------------------------------------------------------- in a browser


def _render(url: str, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    modules = node_modules()
    if node is None or modules is None or not (modules / "playwright-core").is_dir():
        _skip_or_fail(f"node and the shared tools are needed: run `bash {TOOLS}/setup.sh`")
    if not Path("/usr/bin/chromium").exists():
        _skip_or_fail("chromium is not installed (setup.sh installs it)")
    assert node is not None
    return subprocess.run(
        [node, str(TOOLS / "render-docs-page"), url, str(out), "--timeout=60000", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _bundle() -> tuple[str, str]:
    modules = node_modules()
    if modules is None:
        _skip_or_fail(f"the shared tools are missing: run `bash {TOOLS}/setup.sh`")
    assert modules is not None
    component = modules / "@asyncapi" / "react-component"
    js = component / "browser" / "standalone" / "index.js"
    css = component / "styles" / "default.min.css"
    return js.as_uri(), css.as_uri()


def test_docs_page_renders_offline_in_a_browser(tmp_path: Path) -> None:
    js_url, css_url = _bundle()
    page = tmp_path / "docs.html"
    page.write_text(
        render_docs_page(document(), title="Docs", js_url=js_url, css_url=css_url),
        encoding="utf-8",
    )
    proc = _render(page.as_uri(), tmp_path / "docs.png", "--expect=Small app", "--expect=/ws/rooms")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_docs_page_shows_an_error_instead_of_a_blank_screen(tmp_path: Path) -> None:
    _, css_url = _bundle()
    page = tmp_path / "docs.html"
    missing = (tmp_path / "missing.js").as_uri()
    page.write_text(
        render_docs_page(document(), title="Docs", js_url=missing, css_url=css_url),
        encoding="utf-8",
    )
    proc = _render(
        page.as_uri(),
        tmp_path / "docs.png",
        "--wait-for=.chanx-docs-error",
        "--expect=could not be rendered",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
