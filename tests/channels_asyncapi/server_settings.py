"""Settings of the daphne-served docs test project (the browser test).

``CHANX_REACT_COMPONENT_DIR`` (set by the test) is the locally installed
``@asyncapi/react-component`` package, served under ``/assets/`` so the docs page works
offline.
"""

from __future__ import annotations

from tests.django_settings import *  # noqa: F403

ROOT_URLCONF = "tests.channels_asyncapi.server_urls"
ASGI_APPLICATION = "tests.channels_asyncapi.server_asgi.application"
CHANX = {
    "ASYNCAPI_TITLE": "Weather station",
    "ASYNCAPI_VERSION": "4.2.0",
    "ASYNCAPI_DOCS_JS_URL": "/assets/browser/standalone/index.js",
    "ASYNCAPI_DOCS_CSS_URL": "/assets/styles/default.min.css",
}
