"""chanx: typed WebSocket consumers for Django Channels and FastAPI.

The public API lives in submodules (``chanx.core.decorators``, ``chanx.messages``,
``chanx.channels``, ``chanx.fast_channels``); this package only carries the version.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
