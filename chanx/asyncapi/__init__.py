"""AsyncAPI 3.0 documents of chanx consumers (framework-free).

``generate_asyncapi(routes, title=..., version=...)`` builds the document from
:class:`chanx.routing.RouteInfo` objects; :mod:`chanx.asyncapi.render` turns it into
JSON, YAML or the HTML docs page.
"""

from chanx.asyncapi.generator import generate_asyncapi, server_from_url
from chanx.asyncapi.render import render_docs_page, render_error_page, to_json, to_yaml

__all__ = [
    "generate_asyncapi",
    "render_docs_page",
    "render_error_page",
    "server_from_url",
    "to_json",
    "to_yaml",
]
