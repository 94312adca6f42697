"""The ``chanx`` console script (needs the ``cli`` extra)."""

from chanx.cli.main import main

__all__ = ["main"]
