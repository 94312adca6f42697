"""Room chat: token authentication, one group per room, broadcasts and announcements."""
