"""Django Channels integration: add ``"chanx.channels"`` to ``INSTALLED_APPS``.

Consumers come from :mod:`chanx.channels.websocket`, handshake authentication from
:mod:`chanx.channels.authenticator`, routing helpers from :mod:`chanx.channels.routing`
and test helpers from :mod:`chanx.channels.testing`.
"""

__all__: list[str] = []
