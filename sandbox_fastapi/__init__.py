"""The chanx FastAPI sandbox: a small FastAPI app showing chanx consumers end to end.

Run it with ``scripts/sandbox-fastapi`` (uvicorn on 127.0.0.1:8001; with
``CHANX_SANDBOX_REDIS_URL`` set it also starts the job worker). See
``docs/sandbox-fastapi.md`` for the endpoints and example frames.
"""
