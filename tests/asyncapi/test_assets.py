"""The pinned AsyncAPI React component assets shared by both integrations."""

from __future__ import annotations

import re

from chanx.asyncapi import assets


def test_urls_pin_the_component_version_on_unpkg() -> None:
    base = f"https://unpkg.com/@asyncapi/react-component@{assets.REACT_COMPONENT_VERSION}"
    assert base == assets.REACT_COMPONENT_CDN
    assert f"{base}/browser/standalone/index.js" == assets.DEFAULT_DOCS_JS_URL
    assert f"{base}/styles/default.min.css" == assets.DEFAULT_DOCS_CSS_URL
    assert re.fullmatch(r"\d+\.\d+\.\d+", assets.REACT_COMPONENT_VERSION)


def test_integrity_hashes_are_sha384() -> None:
    for value in (assets.DEFAULT_DOCS_JS_INTEGRITY, assets.DEFAULT_DOCS_CSS_INTEGRITY):
        assert re.fullmatch(r"sha384-[A-Za-z0-9+/]{64}", value), value
