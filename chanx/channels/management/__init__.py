"""Management commands of ``chanx.channels``."""
