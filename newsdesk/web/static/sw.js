// newsdesk service worker: shows Web Push alerts and opens the story page when one is clicked.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("push", function (event) {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (err) { data = { title: event.data.text() }; }
  const story = data.story || {};
  const url = data.url || (story.id ? "/stories/" + encodeURIComponent(story.id) : "/alerts");
  const title = data.title || story.title || "newsdesk alert";
  const body = data.body || (data.reason && data.reason.sentence) || "";
  event.waitUntil(self.registration.showNotification(title, { body: body, data: { url: url }, tag: data.id }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (const w of windows) {
      if (w.url === url.href && "focus" in w) return w.focus();
    }
    return self.clients.openWindow(url.href);
  }));
});
