// Talk to the FastAPI sandbox through a generated TypeScript client.
//
//   chanx generate-client --schema http://127.0.0.1:8001/asyncapi.json \
//       --output gen --language typescript
//
// Browsers and Node >= 22 have a global WebSocket; on Node 20 pass the `ws` package.
// (Compiled with tsc --strict and run by tests/client_gen/test_docs_examples.py.)
import WebSocket from "ws";

import { ServerError, type WebSocketConstructor, rooms, system } from "./gen/index.js";

const baseUrl = process.argv[2] ?? "ws://127.0.0.1:8001";
const WS = WebSocket as unknown as WebSocketConstructor;

const echo = new system.SystemClient({ baseUrl, WebSocket: WS });
await echo.connect();
// The reply type comes from the AsyncAPI `reply` of `echo`: EchoReplyMessage.
const reply = await echo.request({ action: "echo", payload: { text: "hello" } });
console.log("echo:", reply.payload.text);
try {
  await echo.request({ action: "crash" });
} catch (error) {
  if (error instanceof ServerError) console.log("error:", error.code);
}
echo.close();

// Browsers cannot set handshake headers: getToken() fills the `token` query parameter
// (called again before every reconnect).
const room = new rooms.RoomsClient(
  { room_name: "lobby" },
  { baseUrl, WebSocket: WS, getToken: () => "alice-token" },
);
await room.connect();
const received = new Promise<void>((resolve) => {
  room.on("chat_message", (message) => {
    // `message` is narrowed to ChatBroadcastMessage by its action.
    console.log(`${message.payload.username}: ${message.payload.message}`);
    resolve();
  });
});
room.send({ action: "chat", payload: { message: "hi all" } });
await received;
room.close();
