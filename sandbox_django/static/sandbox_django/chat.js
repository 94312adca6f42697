// Chat room: history from the REST API, live messages and posting over ws/chat/<id>/.
"use strict";

(() => {
  const chatId = document.getElementById("chat").dataset.chatId;
  const list = document.getElementById("messages");
  const input = document.getElementById("message-input");
  const errorEl = document.getElementById("chat-error");

  // History and live frames may arrive in any order: keep the list sorted by id.
  function show(message) {
    if (list.querySelector(`li[data-id="${message.id}"]`)) return;
    const item = document.createElement("li");
    item.dataset.id = message.id;
    const who = document.createElement("strong");
    who.textContent = message.username;
    const time = document.createElement("time");
    time.textContent = new Date(message.created_at).toLocaleTimeString();
    item.append(who, " ", message.message, " ", time);
    const next = [...list.children].find((li) => Number(li.dataset.id) > message.id);
    list.insertBefore(item, next || null);
    item.scrollIntoView({ block: "nearest" });
  }

  fetch(`/api/chats/${chatId}/messages/`, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((messages) => messages.forEach(show));

  const ws = window.sandbox.connect(`/ws/chat/${chatId}/`, {
    statusEl: document.getElementById("status"),
    onFrame(frame) {
      if (frame.action === "chat_message") {
        show(frame.payload);
      } else if (frame.action === "error") {
        errorEl.textContent = window.sandbox.errorText(frame.payload);
        errorEl.hidden = false;
      }
    },
  });

  document.getElementById("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    errorEl.hidden = true;
    ws.sendAction("chat", { message: input.value });
    input.value = "";
  });
})();
