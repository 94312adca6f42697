"""The sandbox FastAPI application: ``uvicorn sandbox_fastapi.app:app``.

Routes: ``/`` (index page), ``/ws/system``, ``/ws/rooms/{room_name}``, ``/ws/jobs``,
``/ws/lobby`` and ``/ws/lobby/{room_name}`` (topics), ``POST /rooms/{room_name}/announce``,
``POST /lobby/users/{username}/notice`` and the AsyncAPI docs at ``/asyncapi`` (document at
``/asyncapi.json`` and ``/asyncapi.yaml``). Configuration: :mod:`sandbox_fastapi.settings`.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from chanx.fast_channels import AsyncAPIConfig, asyncapi_router
from chanx.fast_channels.origin import OriginCheckMiddleware
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from sandbox_fastapi.chat.auth import DEMO_TOKENS, ROOM_NAME
from sandbox_fastapi.chat.consumers import RoomChatConsumer, room_group
from sandbox_fastapi.chat.messages import AnnouncementPayload, RoomAnnouncementEvent
from sandbox_fastapi.jobs.consumers import JobsConsumer
from sandbox_fastapi.jobs.messages import JobDoneEvent
from sandbox_fastapi.jobs.queue import InProcessJobs, JobBackend, JobRequest, RedisJobQueue
from sandbox_fastapi.jobs.tasks import compute_result
from sandbox_fastapi.layers import close_channel_layer, setup_channel_layer
from sandbox_fastapi.lobby.consumers import LobbyConsumer, RoomConsumer
from sandbox_fastapi.lobby.messages import NoticeMessage, NoticePayload
from sandbox_fastapi.lobby.topics import InboxTopic
from sandbox_fastapi.settings import Settings
from sandbox_fastapi.system.consumers import SystemConsumer

__all__ = ["app", "create_app"]

WEBSOCKET_ROUTES: list[tuple[str, type[AsyncJsonWebsocketConsumer[Any]]]] = [
    ("/ws/system", SystemConsumer),
    ("/ws/rooms/{room_name}", RoomChatConsumer),
    ("/ws/jobs", JobsConsumer),
    ("/ws/lobby", LobbyConsumer),
    ("/ws/lobby/{room_name}", RoomConsumer),
]


async def run_in_process(job: JobRequest) -> None:
    # In-process (no Redis): compute off the loop, deliver with the async API.
    payload = await asyncio.to_thread(compute_result, job, worker="in-process")
    await JobsConsumer.send_event(JobDoneEvent(payload=payload), job.reply_channel)


def job_backend(settings: Settings) -> JobBackend:
    """The Redis queue (served by ``python -m sandbox_fastapi.worker``) or in-process tasks."""
    if settings.redis_url:
        return RedisJobQueue(settings.redis_url)
    return InProcessJobs(run_in_process)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    layer = setup_channel_layer(settings)
    app.state.jobs = job_backend(settings)
    try:
        yield
    finally:
        await app.state.jobs.close()
        await close_channel_layer(layer)


class Announcement(BaseModel):
    text: str = Field(min_length=1, max_length=500)


def index_page(settings: Settings) -> str:
    layer = "Redis" if settings.redis_url else "in-memory"
    jobs = "separate worker process (Redis queue)" if settings.redis_url else "in-process tasks"
    tokens = ", ".join(f"<code>{html.escape(t)}</code>" for t in DEMO_TOKENS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chanx FastAPI sandbox</title></head>
<body>
<h1>chanx FastAPI sandbox</h1>
<p>Channel layer: <strong>{layer}</strong>; jobs run in: <strong>{jobs}</strong>.</p>
<h2>WebSocket endpoints</h2>
<ul>
<li><code>/ws/system</code> &mdash; ping, echo, crash (no authentication)</li>
<li><code>/ws/rooms/{{room_name}}</code> &mdash; room chat; token as
<code>Authorization: Bearer &lt;token&gt;</code> or <code>?token=</code>
(demo tokens: {tokens})</li>
<li><code>/ws/jobs</code> &mdash; <code>start_job</code>, results pushed as <code>job_result</code></li>
<li><code>/ws/lobby</code> &mdash; topics: <code>subscribe</code> to any number of
<code>room:&lt;name&gt;</code> rooms and your <code>user:&lt;you&gt;</code> inbox over one socket
(same tokens)</li>
<li><code>/ws/lobby/{{room_name}}</code> &mdash; one room topic, subscribed from the URL</li>
</ul>
<h2>HTTP</h2>
<ul>
<li><a href="/asyncapi">/asyncapi</a> &mdash; AsyncAPI docs
(<a href="/asyncapi.json">JSON</a>, <a href="/asyncapi.yaml">YAML</a>)</li>
<li><code>POST /rooms/{{room_name}}/announce</code> <code>{{"text": "..."}}</code>
&mdash; push an announcement event to a room</li>
<li><code>POST /lobby/users/{{username}}/notice</code> <code>{{"text": "..."}}</code>
&mdash; broadcast a notice to the <code>user:&lt;username&gt;</code> topic</li>
</ul>
</body></html>
"""


ASSETS_PATH = "/asyncapi/assets"


def asyncapi_config(settings: Settings) -> AsyncAPIConfig:
    """Title, contact and license of the document; local docs assets when configured."""
    config: AsyncAPIConfig = {
        "title": "chanx FastAPI sandbox",
        "version": "1.0.0",
        "description": "WebSocket API of the chanx FastAPI sandbox.",
        "contact": {
            "name": "chanx sandbox",
            "url": "http://127.0.0.1:8001/",
            "email": "sandbox@example.com",
        },
        "license": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"},
    }
    if settings.docs_assets_dir:
        config["docs_js_url"] = f"{ASSETS_PATH}/browser/standalone/index.js"
        config["docs_css_url"] = f"{ASSETS_PATH}/styles/default.min.css"
    return config


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new sandbox app (settings default to the environment)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="chanx FastAPI sandbox",
        description="Demo consumers for chanx on FastAPI / fast-channels.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    for path, consumer in WEBSOCKET_ROUTES:
        app.router.add_websocket_route(path, consumer.as_asgi())
    app.include_router(asyncapi_router(app, prefix="/asyncapi", config=asyncapi_config(settings)))
    if settings.docs_assets_dir:
        app.mount(ASSETS_PATH, StaticFiles(directory=settings.docs_assets_dir), name="docs-assets")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> str:
        return index_page(settings)

    @app.post("/rooms/{room_name}/announce", status_code=202)
    async def announce(room_name: str, body: Announcement) -> dict[str, str]:
        """Push a ``room_announcement`` event to every connection of the room."""
        if not ROOM_NAME.fullmatch(room_name):
            raise HTTPException(status_code=404, detail="Unknown room name")
        event = RoomAnnouncementEvent(payload=AnnouncementPayload(room=room_name, text=body.text))
        await RoomChatConsumer.broadcast_event(event, room_group(room_name))
        return {"status": "sent", "room": room_name}

    @app.post("/lobby/users/{username}/notice", status_code=202)
    async def notice(username: str, body: Announcement) -> dict[str, str]:
        """Broadcast a ``notice`` to the subscribers of ``user:<username>``."""
        if not ROOM_NAME.fullmatch(username):
            raise HTTPException(status_code=404, detail="Unknown user name")
        topic = InboxTopic.topic_for(username=username)
        await InboxTopic.broadcast(topic, NoticeMessage(payload=NoticePayload(text=body.text)))
        return {"status": "sent", "topic": topic}

    app.add_middleware(OriginCheckMiddleware, allowed_hosts=settings.allowed_origins)
    return app


app = create_app()
