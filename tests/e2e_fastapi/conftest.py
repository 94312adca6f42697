"""Fixtures of the FastAPI sandbox end-to-end suite.

* ``sandbox`` (module): the sandbox under uvicorn with the in-memory layer and
  in-process jobs.
* ``redis_stack`` (module): two uvicorn servers and one job worker process sharing a
  real ``redis-server``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.e2e_fastapi.sandbox import FastSandbox, JobWorker, start_sandbox
from tests.support.redis_server import RedisServer


@pytest.fixture(scope="module")
def sandbox() -> Iterator[FastSandbox]:
    running = start_sandbox()
    try:
        yield running
    finally:
        running.close()


@dataclass
class RedisStack:
    first: FastSandbox
    second: FastSandbox
    worker: JobWorker


@pytest.fixture(scope="module")
def redis_stack(redis_server: RedisServer) -> Iterator[RedisStack]:
    if not redis_server.running:
        redis_server.start()
    url = redis_server.url_for_db(3)
    client = redis_server.client(3)
    try:
        client.flushdb()
    finally:
        client.close()
    started: list[FastSandbox] = []
    worker = JobWorker(url)
    try:
        worker.start()
        started.append(start_sandbox(url))
        started.append(start_sandbox(url))
        yield RedisStack(first=started[0], second=started[1], worker=worker)
    finally:
        worker.stop()
        for running in started:
            running.close()
