"""Authenticated room chat: group broadcasts and server-pushed announcements."""
