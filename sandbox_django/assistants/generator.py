"""A deterministic local text generator standing in for a language model.

The same prompt always gives the same reply (no randomness, no network), so tests
can predict it; the reply is yielded word by word, like a model's token stream.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

_SENTENCES = (
    "chanx routes each frame by its action to a typed handler.",
    "Pydantic validates every payload before your code sees it.",
    "Replies carry the ref of the request they answer.",
    "Groups and events reach every connection through the channel layer.",
    "Celery tasks and views push events with the sync helpers.",
    "The AsyncAPI document is generated from the same classes.",
    "Handlers still running when a client leaves are cancelled.",
    "A streamed reply is just several frames sent one after another.",
)


def reply_words(prompt: str) -> list[str]:
    """The whole reply to ``prompt``, split into words (each with its trailing space)."""
    digest = hashlib.sha256(prompt.strip().lower().encode()).digest()
    count = 3 + digest[0] % 4  # 3 to 6 distinct sentences, in a prompt-dependent order
    order = sorted(range(len(_SENTENCES)), key=lambda i: (digest[i + 1], i))
    sentences = [_SENTENCES[i] for i in order[:count]]
    text = f'You asked: "{prompt.strip()}". ' + " ".join(sentences)
    return [word + " " for word in text.split(" ")]


def generate_reply(prompt: str) -> Iterator[str]:
    """Yield the reply to ``prompt`` chunk by chunk (one word each)."""
    yield from reply_words(prompt)
