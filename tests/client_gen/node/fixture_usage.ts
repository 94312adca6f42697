// Type-level use of the client generated for tests/client_gen/fixtures/app.json:
// compiled with `tsc --strict` by tests/client_gen/test_golden.py.
import { echo, rooms, threadTopic } from "./gen/index.js";

export function describe(message: rooms.IncomingMessage): string {
  switch (message.action) {
    case "posted":
      // Nested discriminated union of the payload narrows on `kind`.
      return message.payload.body.kind === "text"
        ? message.payload.body.text
        : message.payload.body.attachment.url;
    case "rejected":
      return message.payload.reason;
    default:
      return message.action;
  }
}

export async function usage(client: rooms.RoomsClient): Promise<string> {
  const reply = await client.request({
    action: "post",
    payload: { body: { kind: "text", text: "hi" }, priority: "high" },
  });
  // The reply type comes from the AsyncAPI `reply`: posted | rejected.
  const text = reply.action === "posted" ? reply.payload.priority ?? "low" : reply.payload.reason;
  client.on("*", (message) => void describe(message));
  client.on("rejected", (message) => {
    const reason: string = message.payload.reason;
    void reason;
  });
  const thread: threadTopic.ThreadTopic = client.threadTopic({ thread_id: "7" });
  await thread.subscribe();
  const said = await thread.request({
    action: "say",
    payload: { text: "hello", "reply-to": null, class: "note" },
  });
  thread.on("said", (message) => void message.payload.author);
  return `${text} ${said.payload.author}`;
}

export function pinger(client: echo.EchoClient): Promise<echo.PongMessage> {
  return client.request({ action: "ping" });
}
