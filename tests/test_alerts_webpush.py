"""A Web Push alert as the browser gets it: the real push, decrypted, handed to the real service worker
(newsdesk/web/static/sw.js, run in Chromium): its click opens the story page on this service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_alerts_engine import quake
from test_alerts_support import Browser, deliver_due, receiver

from newsdesk.alerts.channels.webpush import public_key
from newsdesk.alerts.deliver import vapid_key
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel, PushSubscription
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk

CHROMIUM = Path("/usr/bin/chromium")
SW = Path(__file__).resolve().parent.parent / "newsdesk" / "web" / "static" / "sw.js"
ORIGIN = "http://127.0.0.1:8000"

# sw.js run against a stand-in for its global scope: the push event shows a notification, a click on
# it opens a window; what it shows and opens is handed back.
HARNESS = """async ([source, payload, origin]) => {
  const on = {}, shown = [], opened = [], waits = [];
  const scope = {
    addEventListener: (type, fn) => { on[type] = fn; }, skipWaiting: () => {}, location: { origin: origin },
    registration: { showNotification: (title, options) => {
      shown.push({ title, options }); return Promise.resolve(); } },
    clients: { claim: () => Promise.resolve(), matchAll: () => Promise.resolve([]),
               openWindow: (url) => { opened.push(url); return Promise.resolve(); } },
  };
  new Function("self", source)(scope);
  on.push({ data: { json: () => payload, text: () => JSON.stringify(payload) }, waitUntil: (p) => waits.push(p) });
  await Promise.all(waits);
  on.notificationclick({ notification: { close: () => {}, data: shown[0].options.data },
                         waitUntil: (p) => waits.push(p) });
  await Promise.all(waits);
  return { title: shown[0].title, tag: shown[0].options.tag || null, opened: opened };
}"""


def _pushed(tmp_path: Path) -> tuple[dict[str, Any], str, str]:
    """The decrypted payload of a real Web Push alert, the story it is about, and the alert's id."""
    with open_store(str(tmp_path / "n.db")) as store, receiver() as push:
        alerts = AlertStore(store)
        browser = Browser(push.url + "/push/abc")
        sub = browser.subscription()
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webpush")])
        alerts.add_push(PushSubscription(watch.id, sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"]))
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        story = StoryDesk(store).add(stored).story_id
        assert Alerter(store, alerts).step().alerts == 1
        deliver_due(alerts, Settings(allowed_networks="127.0.0.0/8"))
        [got] = push.got
        [alert] = alerts.alerts(watch.id)
        return browser.open(got, public_key(vapid_key(alerts))), story, alert.id


def test_push_payload_leads_to_the_story_page(tmp_path: Path) -> None:
    data, story, alert = _pushed(tmp_path)
    # the article's own address was the url: the service worker opens only its own origin's pages
    assert data["url"] == f"/stories/{story}" and data["story"] == story
    assert data["link"] == "https://a.example/quake" and data["id"] == alert


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")
def test_clicking_a_push_notification_opens_the_story_page(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    data, story, alert = _pushed(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            result = page.evaluate(HARNESS, [SW.read_text(), data, ORIGIN])
        finally:
            browser.close()
    assert "Ridgecrest" in result["title"]
    assert result["opened"] == [f"{ORIGIN}/stories/{story}"], json.dumps(result)  # it opened nothing
    assert result["tag"] == alert  # a repeated delivery replaces the notification
