"""Talk to the FastAPI sandbox through a generated Python client.

    ./scripts/sandbox-fastapi &
    chanx generate-client --schema http://127.0.0.1:8001/asyncapi.json --output sandbox_client
    python python_example.py ws://127.0.0.1:8001

(Run by tests/client_gen/test_docs_examples.py against a live sandbox.)
"""

import asyncio
import sys

from sandbox_client.rooms.client import RoomsClient
from sandbox_client.rooms.messages import ChatBroadcastMessage, ChatMessage, ChatPayload
from sandbox_client.system.client import SystemClient
from sandbox_client.system.messages import CrashMessage, EchoMessage, EchoPayload

from chanx.client import ServerError


async def main(base_url: str) -> None:
    async with SystemClient(base_url) as system:
        # request() sends a fresh `ref` and returns the reply carrying it, typed from
        # the AsyncAPI `reply`: here an EchoReplyMessage.
        reply = await system.request(EchoMessage(payload=EchoPayload(text="hello")))
        print("echo:", reply.payload.text)
        try:
            await system.request(CrashMessage())
        except ServerError as error:  # the server answered with an error frame
            print("error:", error.code)

    token = {"Authorization": "Bearer alice-token"}
    async with RoomsClient(base_url, room_name="lobby", headers=token) as room:
        received = asyncio.Event()

        async def on_chat(message: ChatBroadcastMessage) -> None:
            print(f"{message.payload.username}: {message.payload.message}")
            received.set()

        room.on("chat_message", on_chat)
        await room.send_message(ChatMessage(payload=ChatPayload(message="hi all")))
        await asyncio.wait_for(received.wait(), timeout=10)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8001"))
