// newsdesk live updates, shared by every open page of the site (a SharedWorker): one stream for all tabs.
// A browser opens at most 6 connections to a site over HTTP/1.1; with a stream per tab, the seventh tab
// an editor opened never loaded. Pages say "hi" when they start and "bye" when they go.
"use strict";

const ports = new Set();
let source = null;
let live = false;  // a hello came and no error since: a page joining now is live at once

function send(message) {
  ports.forEach(function (port) { port.postMessage(message); });
}

function open() {
  source = new EventSource("/events");
  source.addEventListener("hello", function () {
    live = true;
    send({ type: "hello" });
  });
  source.addEventListener("error", function () {
    const closed = source.readyState === EventSource.CLOSED;  // (refused: a session that ran out)
    live = false;
    send({ type: "error", closed: closed });
    if (closed) source = null;  // the next page to come (after logging in again) opens a new one
  });
  ["development", "alert"].forEach(function (kind) {
    source.addEventListener(kind, function (e) { send({ type: kind, data: e.data }); });
  });
}

self.addEventListener("connect", function (event) {
  const port = event.ports[0];
  port.onmessage = function (e) {
    if (e.data === "bye") {
      ports.delete(port);
    } else if (e.data === "hi") {
      ports.add(port);
      if (!source) open();
      else if (live) port.postMessage({ type: "hello" });
    }
  };
});
