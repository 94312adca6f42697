"""FastAPI integration, on fast-channels.

Consumers come from :mod:`chanx.fast_channels.websocket` (mounted with
``app.router.add_websocket_route(path, Consumer.as_asgi())``) and test helpers from
:mod:`chanx.fast_channels.testing`. Channel layers are registered with fast-channels'
``register_channel_layer(alias, layer)``; a consumer uses the one named by its
``channel_layer_alias`` (``"default"``).
"""

__all__: list[str] = []
