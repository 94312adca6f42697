"""ASGI application of the FastAPI browser test, run by a real uvicorn.

:func:`~tests.fast_channels_asyncapi.apps.mounted_app` plus ``asyncapi_router`` at
``/asyncapi``. With ``CHANX_REACT_COMPONENT_DIR`` (the installed
``@asyncapi/react-component`` package) its files are served under ``/assets/`` and the
docs page loads them from there instead of the CDN, so it renders offline.
"""

from __future__ import annotations

import os

from starlette.staticfiles import StaticFiles

from chanx.fast_channels import AsyncAPIConfig, asyncapi_router
from tests.fast_channels_asyncapi.apps import mounted_app

TITLE = "Rooms on FastAPI"

app = mounted_app()
config: AsyncAPIConfig = {"title": TITLE, "version": "2.0.0"}
assets = os.environ.get("CHANX_REACT_COMPONENT_DIR")
if assets:
    app.mount("/assets", StaticFiles(directory=assets), name="assets")
    config["docs_js_url"] = "/assets/browser/standalone/index.js"
    config["docs_css_url"] = "/assets/styles/default.min.css"
app.include_router(asyncapi_router(app, config=config))
