"""The demo users every sandbox database gets (data migration ``0001_demo_users``)."""

from __future__ import annotations

#: Seeded users; log in with :data:`DEMO_PASSWORD`. Both are members of ``general``.
DEMO_USERS = ("demo", "demo2")
DEMO_PASSWORD = "demo-password"
