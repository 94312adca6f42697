"""Log in, open the first chat's websocket, post over it and over REST.

Run against a running sandbox: ``python sandbox_django/examples/chat_client.py``
(``SANDBOX_URL`` to point elsewhere than http://127.0.0.1:8000).
"""

import json
import os

import httpx
from websockets.sync.client import connect

BASE = os.environ.get("SANDBOX_URL", "http://127.0.0.1:8000")
WS_BASE = BASE.replace("http", "ws", 1)

http = httpx.Client(base_url=BASE, trust_env=False)
login = http.post("/api/auth/login/", data={"username": "demo", "password": "demo-password"})
headers = {"Authorization": f"Token {login.json()['token']}"}
chat_id = http.get("/api/chats/", headers=headers).json()[0]["id"]

with connect(
    f"{WS_BASE}/ws/chat/{chat_id}/", origin=BASE, additional_headers=headers, proxy=None
) as ws:
    print(ws.recv())  # {"action":"authentication","payload":{"status_code":200,...}}
    ws.send(json.dumps({"action": "chat", "payload": {"message": "hello"}}))
    print(ws.recv())  # {"action":"chat_message","payload":{"id":1,"username":"demo",...}}
    http.post(f"/api/chats/{chat_id}/messages/", json={"message": "over REST"}, headers=headers)
    print(ws.recv())  # the same frame shape, pushed from the REST view
