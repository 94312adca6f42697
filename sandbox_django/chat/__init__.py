"""Group chats: members, persisted messages, a REST API and a websocket per chat."""
