"""Framework-agnostic core: decorators, handler registry, dispatch and runtime pieces.

Nothing in this package imports Django, DRF, Channels, FastAPI or Starlette; the
integrations in ``chanx.channels`` and ``chanx.fast_channels`` fill its seams.
"""

__all__: list[str] = []
