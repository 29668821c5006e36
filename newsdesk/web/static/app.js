// newsdesk pages: live updates over Server-Sent Events, browser notifications, Web Push subscription.
// No inline script anywhere (the Content-Security-Policy forbids it); text goes in with textContent only.
"use strict";

(function () {
  const live = document.getElementById("live");
  const page = document.body.dataset.page;

  function announce(text, href, story) {
    // one line per story: a burst of developments (one article brings a dozen) updates its line
    // rather than pushing every other line out, and says how many came
    let p = story ? live.querySelector('p[data-story="' + CSS.escape(story) + '"]') : null;
    if (p) {
      p.dataset.count = String(Number(p.dataset.count) + 1);
      text += " (" + p.dataset.count + " new developments)";
      p.replaceChildren();
    } else {
      p = document.createElement("p");
      if (story) { p.dataset.story = story; p.dataset.count = "1"; }
    }
    p.title = text;  // a long line shows cut short (app.css): the whole of it on hover
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      p.appendChild(a);
    } else {
      p.textContent = text;
    }
    live.prepend(p);
    while (live.childElementCount > 3) live.lastElementChild.remove();
  }

  function keepClearOfLive() {
    // the announcements stay at the top of the window (app.css): an element the keyboard reaches going up
    // the page was scrolled to the very top, under them; the page's scroll padding keeps it below
    const sticky = getComputedStyle(live).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky && live.offsetHeight ? live.offsetHeight + 8 + "px" : "";
  }

  function describe(dev) {
    if (dev.kind === "story") return "New story";
    if (dev.kind === "quote") return (dev.speaker || "Someone") + " said";
    return "New event" + (dev.type ? " (" + dev.type + ")" : "");
  }

  function headline(dev) {
    // what came in and to which story ("Fomin said: <the story's title>" put the title in his mouth)
    const what = dev.kind === "story" ? "New story"
      : dev.kind === "quote" ? "New quote from " + (dev.speaker || "an unnamed speaker") : describe(dev);
    return dev.story_title ? what + (dev.kind === "story" ? ": " : " in ") + "“" + dev.story_title + "”"
      : what + ": " + dev.sentence;
  }

  function onStoriesPage(dev) {
    const list = document.getElementById("stories");
    if (!list) return;
    let item = list.querySelector('li[data-story="' + CSS.escape(dev.story) + '"]');
    // a story not on this page goes on the first one only: an older page is no place for the newest
    if (!item && Number(new URLSearchParams(location.search).get("page") || "1") > 1) return;
    if (!item) {
      item = document.createElement("li");
      item.className = "story-item";
      item.dataset.story = dev.story;
      const h2 = document.createElement("h2");
      h2.dir = "auto";  // an Arabic or Hebrew title reads right to left, as the server-rendered ones do
      const a = document.createElement("a");
      a.href = dev.url;
      a.textContent = dev.story_title || "New story";
      h2.appendChild(a);
      const fresh = document.createElement("p");
      fresh.className = "fresh";
      item.append(h2, fresh);
      const empty = list.querySelector(".empty");
      if (empty) empty.remove();
    }
    const fresh = item.querySelector(".fresh");
    fresh.hidden = false;
    fresh.textContent = describe(dev) + ": " + dev.sentence;
    item.classList.add("updated");
    // the story a keyboard is on stays where it is: moving it to the top lost the focus (back to the
    // page's start for the next Tab)
    if (!item.contains(document.activeElement)) list.prepend(item);
  }

  function onStoryPage(dev) {
    const story = document.querySelector("article.story");
    if (!story || story.dataset.story !== dev.story) return;
    const timeline = document.getElementById("timeline");
    if (timeline.dataset.older) return;  // a page of earlier articles: the new one belongs on the first
    const li = document.createElement("li");
    li.className = "entry updated";
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = "Just in · " + describe(dev);
    const a = document.createElement("a");
    a.href = "/articles/" + encodeURIComponent(dev.article);
    a.textContent = "Read the article";
    const quote = document.createElement("blockquote");
    quote.className = "sentence";
    quote.dir = "auto";
    quote.textContent = dev.sentence;
    li.append(meta, quote, a);
    timeline.append(li);
  }

  function onAlertsPage(alert) {
    // the list of what fired gets the new alert on top (it came only as a line in the live region)
    const list = document.getElementById("alert-list");
    if (!list || (new URLSearchParams(location.search).get("watch") || alert.watch) !== alert.watch) return;
    const li = document.createElement("li");
    li.className = "alert updated";
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = "Just in · watch " + alert.rule;
    const h2 = document.createElement("h2");
    h2.dir = "auto";
    const a = document.createElement("a");
    a.href = alert.url;
    a.textContent = alert.story_title || alert.title || "story";
    h2.appendChild(a);
    const why = document.createElement("p");
    why.textContent = "Why: rule " + alert.rule + " matched";
    const sentence = document.createElement("blockquote");
    sentence.className = "sentence";
    sentence.dir = "auto";
    sentence.textContent = alert.sentence || "";
    li.append(meta, h2, why, sentence);
    const empty = list.querySelector(".empty");
    if (empty) empty.remove();
    list.prepend(li);
  }

  async function notify(alert) {
    announce("Alert: " + (alert.story_title || alert.title || "new development"), alert.url);
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const options = { body: alert.sentence || "", tag: alert.id, data: { url: alert.url } };
    const reg = "serviceWorker" in navigator ? await navigator.serviceWorker.getRegistration() : null;
    if (reg) await reg.showNotification(alert.title || "newsdesk", options);
    else new Notification(alert.title || "newsdesk", options);
  }

  function stream(on) {
    // one stream for every open page of the site, held by a shared worker: a stream per tab took one of
    // the 6 connections a browser opens to a site, and the seventh tab never loaded
    if ("SharedWorker" in window) {
      try {
        const port = new SharedWorker("/static/live.js", { name: "newsdesk-live" }).port;
        port.onmessage = function (e) { on[e.data.type](e.data); };
        port.postMessage("hi");
        window.addEventListener("pagehide", function () { port.postMessage("bye"); });
        window.addEventListener("pageshow", function (e) { if (e.persisted) port.postMessage("hi"); });
        return;
      } catch (err) { /* no shared workers here (a phone's browser): a stream of its own */ }
    }
    const source = new EventSource("/events");
    source.addEventListener("hello", function () { on.hello({}); });
    source.addEventListener("error", function () { on.error({ closed: source.readyState === EventSource.CLOSED }); });
    ["development", "alert"].forEach(function (kind) {
      source.addEventListener(kind, function (e) { on[kind]({ data: e.data }); });
    });
  }

  function listen() {
    // the login page has nothing live to show, and the stream needs the session it is there to make
    if (!("EventSource" in window) || page === "login") return;
    stream({
      hello: function () {
        if (document.body.dataset.live === "off") announce("Live updates are back.");
        document.body.dataset.live = "on";
      },
      // a page left open for hours said nothing when the service went away: it looked live and was not
      error: function (e) {
        if (document.body.dataset.live === "on" || e.closed) {
          announce(e.closed ? "Live updates stopped: reload the page (log in again if asked)."
            : "Live updates interrupted: the service cannot be reached; trying again.");
        }
        document.body.dataset.live = e.closed ? "stopped" : "off";
      },
      development: function (e) {
        const dev = JSON.parse(e.data);
        if (page === "stories") onStoriesPage(dev);
        if (page === "story") onStoryPage(dev);
        announce(headline(dev), dev.url, dev.story);
      },
      alert: function (e) {
        const alert = JSON.parse(e.data);
        if (page === "alerts") onAlertsPage(alert);
        notify(alert);
      },
    });
  }

  function b64url(text) {
    const pad = "=".repeat((4 - (text.length % 4)) % 4);
    const raw = atob((text + pad).replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function csrf() {
    const field = document.querySelector('input[name="csrf"]');
    return field ? field.value : "";
  }

  async function subscribe(button) {
    const permission = await Notification.requestPermission();
    if (permission !== "granted") { announce("Notifications are blocked in this browser."); return; }
    const reg = await navigator.serviceWorker.ready;
    button.textContent = "Notifications on";
    button.disabled = true;
    const watch = button.dataset.watch;
    if (!watch || !("PushManager" in window)) { announce("Notifications on for open pages."); return; }
    try {
      const key = await (await fetch("/api/push/key")).json();
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true,
        applicationServerKey: b64url(key.application_server_key) });
      const resp = await fetch("/watches/" + encodeURIComponent(watch) + "/push", {
        method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify(sub.toJSON()) });
      if (!resp.ok) throw new Error("the server said " + resp.status);
      announce("Push notifications on: alerts reach this browser even when no page is open.");
    } catch (err) {
      // the button said "Notifications on" although nothing would arrive with no page open
      button.textContent = "On for open pages only";
      announce("Notifications on for open pages only: this browser could not subscribe to push (" +
        err.message + "), so alerts arrive while a newsdesk page is open.");
    }
  }

  function setUp() {
    if ("ResizeObserver" in window) new ResizeObserver(keepClearOfLive).observe(live);
    window.addEventListener("resize", keepClearOfLive);
    // a filter form shows what the page's address asks for: back from a filtered search, the browser
    // put back the filters chosen since, above the results of the search without them
    window.addEventListener("pageshow", function () {
      document.querySelectorAll('form[method="get"]').forEach(function (form) { form.reset(); });
    });
    // a destructive form (deleting a watch and its alerts) asks first: one stray tap was enough
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
    });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    }
    document.querySelectorAll("button.subscribe, #subscribe").forEach(function (button) {
      if (!("Notification" in window) || !("serviceWorker" in navigator)) return;
      button.hidden = false;
      if (Notification.permission === "granted" && !button.dataset.watch) {
        button.textContent = "Notifications on";
        button.disabled = true;
      }
      button.addEventListener("click", function () { subscribe(button); });
    });
    listen();
  }

  setUp();
})();
