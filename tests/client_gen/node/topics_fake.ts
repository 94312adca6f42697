// Drives the TypeScript client generated for tests/client_gen/fixtures/app.json
// against tests/client_gen/fake_server.py (CHANX_BASE_URL): request correlation,
// topics, topic errors, reconnect with backoff and resubscription, getToken().
import WebSocket from "ws";

import { ServerError, type WebSocketConstructor, rooms } from "./gen/index.js";

const baseUrl = process.env["CHANX_BASE_URL"] ?? "ws://127.0.0.1:1";

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  let tokens = 0;
  const client = new rooms.RoomsClient(
    { room_name: "lobby" },
    {
      baseUrl,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      getToken: () => `t-${String(++tokens)}`,
      backoff: { initialMs: 50, maxMs: 200 },
    },
  );
  await client.connect();

  // The fake server first sends an unrelated "posted" with another ref.
  const reply = await client.request({
    action: "post",
    payload: { body: { kind: "text", text: "hello" } },
  });
  results["posted"] = reply.action;

  const thread = client.threadTopic({ thread_id: "1" });
  const broadcast = new Promise<string>((resolve) => {
    thread.on("said", (message, frame) => {
      if (frame.ref === undefined) resolve(message.payload.author);
    });
  });
  await thread.subscribe();
  const said = await thread.request({ action: "say", payload: { text: "hi" } });
  results["said"] = said.payload.author;
  results["broadcast"] = await broadcast;

  try {
    await client.threadTopic({ thread_id: "404" }).subscribe();
  } catch (error) {
    results["unknown"] = error instanceof ServerError ? error.code : String(error);
  }
  const other = client.threadTopic({ thread_id: "2" });
  try {
    await other.unsubscribe();
  } catch (error) {
    results["notSubscribed"] = error instanceof ServerError ? error.code : String(error);
  }

  // The server drops the connection (1011): the client reconnects (new token) and
  // subscribes "thread:1" again before anything else.
  client.send({ action: "kick" } as never);
  for (let i = 0; i < 100 && thread.subscribed; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await client.waitConnected();
  for (let i = 0; i < 100 && !thread.subscribed; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const again = await thread.request({ action: "say", payload: { text: "again" } });
  results["resubscribed"] = again.payload.text;
  client.close();
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
