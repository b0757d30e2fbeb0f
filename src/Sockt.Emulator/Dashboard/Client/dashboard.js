// dashboard.js: keeps the emulator dashboard live without a framework. It refreshes the sandbox list
// (GET /dashboard/sandboxes, server-rendered HTML) every second, posts the buttons' forms with fetch (the session
// cookie and the form's anti-forgery token go along; the server checks the Origin), and opens a terminal into a
// running sandbox with sockt-terminal.js (the same client as Sockt.AspNetCore's bridge).
(function () {
  "use strict";

  const list = document.getElementById("sandboxes");
  const status = document.getElementById("status");
  const panel = document.getElementById("terminal-panel");
  const title = document.getElementById("terminal-title");
  let refreshing = false;

  function say(text) {
    status.textContent = text || "";
  }

  async function refresh() {
    if (refreshing) {
      return;
    }
    refreshing = true;
    try {
      const response = await fetch(list.dataset.refresh, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        location.reload(); // the session ended: back to the sign-in form
        return;
      }
      if (response.ok) {
        const html = await response.text();
        if (html !== list.innerHTML) {
          list.innerHTML = html;
        }
      }
    } catch (e) {
      say("The emulator does not answer.");
    } finally {
      refreshing = false;
    }
  }

  document.addEventListener("submit", async function (event) {
    const form = event.target.closest("form[data-action]");
    if (!form) {
      return;
    }
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.type === "opaqueredirect" || response.ok) {
      say("");
    } else {
      let message = "HTTP " + response.status;
      try {
        message = (await response.json()).message || message;
      } catch (e) {
        // not the envelope
      }
      say(message);
    }
    await refresh();
  });

  list.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-terminal]");
    if (button) {
      openTerminal(button.dataset.terminal);
    }
  });

  function closeTerminal() {
    if (window.socktTerminal) {
      window.socktTerminal.dispose();
      window.socktTerminal = null;
    }
    panel.hidden = true;
  }

  function openTerminal(sandboxId) {
    closeTerminal();
    panel.hidden = false;
    title.textContent = sandboxId;
    window.socktTerminal = SocktTerminal.attach(document.getElementById("terminal"), {
      url: "/dashboard/sandboxes/" + encodeURIComponent(sandboxId) + "/terminal",
    });
    panel.scrollIntoView({ block: "nearest" });
  }

  document.getElementById("terminal-close").addEventListener("click", closeTerminal);
  setInterval(refresh, 1000);
})();
