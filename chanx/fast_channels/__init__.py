"""FastAPI integration, on fast-channels.

Consumers come from :mod:`chanx.fast_channels.websocket` (mounted with
``app.router.add_websocket_route(path, Consumer.as_asgi())``) and test helpers from
:mod:`chanx.fast_channels.testing`. Channel layers are registered with fast-channels'
``register_channel_layer(alias, layer)``; a consumer uses the one named by its
``channel_layer_alias`` (``"default"``).

The AsyncAPI endpoints (:mod:`chanx.fast_channels.views`) are exported here and imported
on first access, so importing the package needs neither FastAPI nor PyYAML::

    app.include_router(asyncapi_router(app, config={"title": "Chat"}))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chanx.fast_channels.schema import AsyncAPIConfig
    from chanx.fast_channels.views import (
        asyncapi_docs,
        asyncapi_router,
        asyncapi_spec_json,
        asyncapi_spec_yaml,
    )

__all__ = [
    "AsyncAPIConfig",
    "asyncapi_docs",
    "asyncapi_router",
    "asyncapi_spec_json",
    "asyncapi_spec_yaml",
]

_LAZY: dict[str, str] = {
    "AsyncAPIConfig": "chanx.fast_channels.schema",
    "asyncapi_docs": "chanx.fast_channels.views",
    "asyncapi_router": "chanx.fast_channels.views",
    "asyncapi_spec_json": "chanx.fast_channels.views",
    "asyncapi_spec_yaml": "chanx.fast_channels.views",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
