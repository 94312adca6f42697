"""The pinned AsyncAPI React component the docs page loads by default (framework-free).

The docs page (:func:`chanx.asyncapi.render.render_docs_page`) renders the document
with the standalone bundle of ``@asyncapi/react-component``
:data:`REACT_COMPONENT_VERSION`, loaded from unpkg with Subresource Integrity hashes of
the files published in that npm version (the files unpkg serves). Both integrations
default to these URLs; to work offline, serve ``browser/standalone/index.js`` and
``styles/default.min.css`` of that package yourself and point the integration's
JS/CSS URL settings at them (the integrity attributes are then left out unless given).
Nothing here touches the network.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DEFAULT_DOCS_CSS_INTEGRITY",
    "DEFAULT_DOCS_CSS_URL",
    "DEFAULT_DOCS_JS_INTEGRITY",
    "DEFAULT_DOCS_JS_URL",
    "REACT_COMPONENT_CDN",
    "REACT_COMPONENT_VERSION",
]

#: The pinned version of ``@asyncapi/react-component`` the docs page uses by default.
REACT_COMPONENT_VERSION: Final = "3.2.1"
#: Where the pinned version is served from (unpkg).
REACT_COMPONENT_CDN: Final = (
    f"https://unpkg.com/@asyncapi/react-component@{REACT_COMPONENT_VERSION}"
)
DEFAULT_DOCS_JS_URL: Final = f"{REACT_COMPONENT_CDN}/browser/standalone/index.js"
DEFAULT_DOCS_CSS_URL: Final = f"{REACT_COMPONENT_CDN}/styles/default.min.css"
#: ``sha384`` of ``browser/standalone/index.js`` in the npm package (base64).
DEFAULT_DOCS_JS_INTEGRITY: Final = (
    "sha384-wy5bSOazlkSKMGH7XMW6+pK8ho8+rCPr7mTqKdAb/dvfwXAPWCFivgr3C7wJMFAh"
)
#: ``sha384`` of ``styles/default.min.css`` in the npm package (base64).
DEFAULT_DOCS_CSS_INTEGRITY: Final = (
    "sha384-oo9RoQcacP++XdMX6CjTucTvASEORHX3chFik0/V2kHcsHiVboGyWZztGeq/0bum"
)
