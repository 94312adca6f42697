// Home page: ask a Celery task to send you a notification.
"use strict";

(() => {
  const form = document.getElementById("notify-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await fetch("/api/notifications/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.sandbox.csrfToken() },
      body: JSON.stringify({ text: document.getElementById("notify-text").value }),
    });
  });
})();
