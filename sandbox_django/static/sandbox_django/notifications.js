// Every page of a logged-in user listens on ws/notifications/ and lists what arrives.
"use strict";

(() => {
  const list = document.getElementById("notifications");
  window.sandbox.connect("/ws/notifications/", {
    onState(state) {
      list.dataset.state = state;
    },
    onFrame(frame) {
      if (frame.action !== "notification" && frame.action !== "announcement") return;
      const item = document.createElement("li");
      item.className = frame.action;
      const label = document.createElement("strong");
      label.textContent = frame.action === "announcement" ? "Announcement: " : "Notification: ";
      item.append(label, frame.payload.text);
      list.prepend(item);
    },
  });
})();
