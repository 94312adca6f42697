"""Background jobs: acknowledged at once, run elsewhere, results pushed back to the client.

With Redis the job goes on a Redis list (:mod:`sandbox_fastapi.jobs.queue`) and a
separate worker process (``python -m sandbox_fastapi.worker``) runs it and sends the
result to the requesting connection through the Redis channel layer. Without Redis the
job runs as an asyncio task in the server process and the result travels through the
in-memory layer: the consumer code is the same in both cases.
"""
