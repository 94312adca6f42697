// Shared helpers of the sandbox pages: open a chanx websocket and send actions.
"use strict";

window.sandbox = {
  /** ws:// or wss:// URL of a path on this host (the session cookie goes along). */
  socketUrl(path) {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}${path}`;
  },

  /**
   * Connect to a chanx consumer. `onFrame(frame)` gets every frame except the
   * authentication frame, which moves the state ("open" on 200, else "refused") shown
   * by `statusEl` and passed to `onState`.
   */
  connect(path, { onFrame, statusEl, onState }) {
    const setState = (state) => {
      if (onState) onState(state);
      if (statusEl) {
        statusEl.dataset.state = state;
        statusEl.textContent = state;
      }
    };
    const ws = new WebSocket(this.socketUrl(path));
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.action === "authentication") {
        setState(frame.payload.status_code === 200 ? "open" : "refused");
        return;
      }
      onFrame(frame);
    });
    ws.addEventListener("close", (event) => setState(`closed ${event.code}`));
    ws.sendAction = (action, payload) => {
      ws.send(JSON.stringify(payload === undefined ? { action } : { action, payload }));
    };
    return ws;
  },

  /** The text of a chanx error frame's payload. */
  errorText(payload) {
    if (Array.isArray(payload)) return payload.map((e) => e.msg).join("; ");
    return payload.detail || JSON.stringify(payload);
  },

  /** The CSRF token of the page's form (Django's {% csrf_token %}). */
  csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  },
};
