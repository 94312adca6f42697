"""Unauthenticated system channel: ping, echo and a deliberate crash."""
