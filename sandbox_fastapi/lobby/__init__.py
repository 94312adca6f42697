"""The lobby: many rooms and a private inbox multiplexed over one socket with topics."""
