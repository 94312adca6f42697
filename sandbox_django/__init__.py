"""The chanx sandbox: a small Django project showing chanx consumers end to end.

Run it with ``scripts/sandbox`` (migrations, then daphne on 127.0.0.1:8000). See
``docs/sandbox.md`` for the endpoints and example frames.
"""
