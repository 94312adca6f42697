"""The Django side of AsyncAPI: route discovery, settings, views, command, browser."""
