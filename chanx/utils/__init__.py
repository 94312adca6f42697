"""Small framework-free helpers: annotation resolution and calling async code from sync code."""

__all__: list[str] = []
