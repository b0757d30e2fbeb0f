// sockt-terminal.js: a terminal in the page, connected to a Sockt.AspNetCore terminal endpoint (MapSocktTerminal) or
// to the emulator dashboard's terminal (both speak the same protocol).
// Needs xterm.js and its fit addon loaded first (MapSocktTerminalClient and the dashboard serve both next to this file).
// The protocol is in docs/web-terminal.md. The page never sees a Sockt credential: the server holds them.
//
//   const session = SocktTerminal.attach(document.getElementById("terminal"), { url: "/terminal" });
(function (global) {
  "use strict";

  function attach(element, options) {
    options = options || {};
    const terminal = new global.Terminal(Object.assign({ cursorBlink: true, convertEol: false }, options.terminalOptions));
    const fit = new global.FitAddon.FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);

    const url = new URL(options.url || "/terminal", global.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    const listeners = { notice: options.onNotice, exit: options.onExit };

    function send(message) {
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(message));
      }
    }

    // The server sends only what the terminal has rendered (flow control): acknowledge after xterm.js wrote it.
    function write(data) {
      terminal.write(data, function () { send({ type: "ack", chars: data.length }); });
    }

    let lastSize = "";
    function resize() {
      try {
        fit.fit();
      } catch (e) {
        return; // not laid out yet
      }
      const size = terminal.cols + "x" + terminal.rows;
      if (terminal.cols > 0 && terminal.rows > 0 && size !== lastSize && socket.readyState === WebSocket.OPEN) {
        lastSize = size;
        send({ type: "resize", cols: terminal.cols, rows: terminal.rows });
      }
    }

    socket.addEventListener("open", function () {
      resize();
      terminal.focus();
    });
    socket.addEventListener("message", function (event) {
      const message = JSON.parse(event.data);
      if (message.type === "output") {
        write(message.data);
      } else if (message.type === "notice") {
        if (listeners.notice) {
          listeners.notice(message);
        } else {
          terminal.write("\r\n\x1b[33m[" + message.kind + "] " + message.data + "\x1b[0m\r\n");
        }
      } else if (message.type === "exit") {
        if (listeners.exit) {
          listeners.exit(message);
        }
      }
    });
    socket.addEventListener("close", function () {
      terminal.write("\r\n\x1b[2m[session ended]\x1b[0m\r\n");
    });

    const inputSubscription = terminal.onData(function (data) { send({ type: "input", data: data }); });
    const observer = new ResizeObserver(resize);
    observer.observe(element);

    return {
      terminal: terminal,
      socket: socket,
      dispose: function () {
        observer.disconnect();
        inputSubscription.dispose();
        socket.close();
        terminal.dispose();
      },
    };
  }

  global.SocktTerminal = { attach: attach };
})(globalThis);
