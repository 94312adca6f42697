// Assistant: send a prompt over ws/assistant/ and append the streamed chunks.
"use strict";

(() => {
  const reply = document.getElementById("reply");
  const info = document.getElementById("reply-info");
  const cancel = document.getElementById("cancel");
  const errorEl = document.getElementById("assistant-error");

  const ws = window.sandbox.connect("/ws/assistant/", {
    statusEl: document.getElementById("status"),
    onFrame(frame) {
      const payload = frame.payload;
      switch (frame.action) {
        case "reply_started":
          reply.textContent = "";
          reply.dataset.state = "streaming";
          info.textContent = "";
          cancel.disabled = false;
          break;
        case "reply_chunk":
          reply.textContent += payload.text;
          break;
        case "reply_done":
          reply.dataset.state = payload.cancelled ? "cancelled" : "done";
          info.textContent = `${payload.chunks} chunks${payload.cancelled ? " (cancelled)" : ""}`;
          cancel.disabled = true;
          break;
        case "error":
          errorEl.textContent = window.sandbox.errorText(payload);
          errorEl.hidden = false;
          break;
      }
    },
  });

  document.getElementById("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    errorEl.hidden = true;
    ws.sendAction("ask", { prompt: document.getElementById("prompt").value });
  });
  cancel.addEventListener("click", () => ws.sendAction("cancel"));
})();
