// Drives the TypeScript client generated for the FastAPI sandbox against a live
// uvicorn server (CHANX_BASE_URL). Compiled with `tsc --strict` by
// tests/client_gen/test_typescript_live.py; prints one JSON line of results.
import WebSocket from "ws";

import {
  AuthenticationFailed,
  ServerError,
  type WebSocketConstructor,
  rooms,
  system,
} from "./gen/index.js";

const baseUrl = process.env["CHANX_BASE_URL"] ?? "ws://127.0.0.1:8001";
const Ws = WebSocket as unknown as WebSocketConstructor;

function describe(message: rooms.IncomingMessage): string {
  // The union narrows on `action`: each branch sees its own payload type.
  switch (message.action) {
    case "chat_message":
      return `${message.payload.username}: ${message.payload.message}`;
    case "announcement":
      return `announcement: ${message.payload.text}`;
    case "authentication":
      return `auth ${String(message.payload.status_code)}`;
    default:
      return message.action;
  }
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  const sys = new system.SystemClient({ baseUrl, WebSocket: Ws });
  await sys.connect();

  // Request/reply: typed as EchoReplyMessage through the generated replies map.
  const reply = await sys.request({
    action: "echo",
    payload: { text: "hi", options: { repeat: 2, uppercase: true } },
  });
  const text: string = reply.payload.text;
  check(text === "HIHI" && reply.payload.length === 4, `echo reply ${JSON.stringify(reply)}`);
  results["echo"] = text;

  // @ts-expect-error: "launch" is not an outgoing action of the system channel.
  check(typeof (() => sys.send({ action: "launch" })) === "function", "type check");

  // An error frame rejects the request with ServerError.
  try {
    await sys.request({ action: "crash" });
    throw new Error("crash did not fail");
  } catch (error) {
    check(error instanceof ServerError, `crash error ${String(error)}`);
    results["crash"] = (error as ServerError).code;
  }

  // Fire-and-forget + a per-action handler.
  const pong = new Promise<string>((resolve) => {
    sys.on("pong", (message) => resolve(message.action));
  });
  sys.send({ action: "ping" });
  results["pong"] = await pong;
  sys.close();

  // Room broadcast between two authenticated clients (token from getToken()).
  const alice = new rooms.RoomsClient(
    { room_name: "ts-lobby" },
    { baseUrl, WebSocket: Ws, getToken: () => "alice-token" },
  );
  const bob = new rooms.RoomsClient(
    { room_name: "ts-lobby" },
    { baseUrl, WebSocket: Ws, getToken: async () => Promise.resolve("bob-token") },
  );
  await alice.connect();
  await bob.connect();
  check(alice.authentication?.action === "authentication", "alice authenticated");
  const received = new Promise<string>((resolve) => {
    bob.on("chat_message", (message) => resolve(describe(message)));
  });
  alice.send({ action: "chat", payload: { message: "hello from ts" } });
  results["broadcast"] = await received;
  alice.close();
  bob.close();

  // A refused handshake rejects connect() with the close code and is not retried.
  const mallory = new rooms.RoomsClient(
    { room_name: "ts-lobby" },
    { baseUrl, WebSocket: Ws, getToken: () => "not-a-token" },
  );
  try {
    await mallory.connect();
    throw new Error("a bad token connected");
  } catch (error) {
    check(error instanceof AuthenticationFailed, `auth error ${String(error)}`);
    results["refused"] = (error as AuthenticationFailed).closeCode;
  }
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
