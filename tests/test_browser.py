"""End to end in Debian's Chromium (Playwright): a real ``newsdesk run`` process, a watch made on
its page, the example article ingested by another process, the live update and the notification
on the open page, then the story page with its timeline, quotes and a pin near Kyiv. Screenshots
at desktop and phone width go to build/screenshots/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_web_support import follow_up, free_port, ingest, lockdown

from newsdesk.store import open_store
from newsdesk.stories import StoryDesk

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "newsdesk" / "demo" / "cbs-kyiv-talks.txt"
SHOTS = REPO / "build" / "screenshots"
NEWSDESK = [str(Path(sys.executable).parent / "newsdesk")]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")


@pytest.fixture()
def service(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``newsdesk run`` on a free port over a store holding two stories; (base URL, db)."""
    db = str(tmp_path / "browser.db")
    with open_store(db) as store:
        desk = StoryDesk(store)
        for item in (lockdown(), follow_up()):
            ingest(store, desk, item)
    port = free_port()
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path)}
    proc = subprocess.Popen([*NEWSDESK, "run", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                             "--no-analyze", "--log-format", "json"], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"newsdesk run did not start: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.2)
        yield base, db
    finally:
        proc.terminate()
        proc.wait(30)


def test_watch_live_update_notification_story_page(service: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, db = service
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["notifications"], origin=base)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        # a watch, made with the keyboard on the watches page
        page.goto(base + "/watches")
        page.locator("#query").focus()
        page.keyboard.type('place:Kyiv "military activity"')
        page.keyboard.press("Enter")
        expect(page.locator(".watch code.rule")).to_have_text('place:Kyiv "military activity"')

        # the story list, open and listening
        page.goto(base + "/")
        page.wait_for_selector("body[data-live=on]", state="attached")  # (the CSP forbids wait_for_function)
        assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")

        # another process ingests the example article
        ingest_run = subprocess.run([*NEWSDESK, "ingest", "--db", db, "--published", "2022-03-29", str(EXAMPLE)],
                                    capture_output=True, text=True, timeout=600)
        assert ingest_run.returncode == 0, ingest_run.stderr
        fresh = page.locator("#stories li.updated").first
        expect(fresh).to_be_visible(timeout=30_000)
        expect(page.locator("#live")).to_contain_text("Alert", timeout=30_000)
        notes = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.getNotifications())"
                              ".then(ns => ns.map(n => ({title: n.title, body: n.body, url: n.data && n.data.url})))")
        assert notes, "no notification shown"
        assert "military activity" in notes[0]["body"] or "Kyiv" in notes[0]["title"]
        assert notes[0]["url"].startswith("/stories/s")
        page.screenshot(path=str(SHOTS / "stories-desktop.png"), full_page=True)

        # the notification leads to the story page
        page.goto(base + notes[0]["url"])
        expect(page.locator("#timeline")).to_contain_text("military activity")
        expect(page.locator(".speaker h3", has_text="Vladimir Medinsky")).to_be_visible()
        page.wait_for_selector("#map[data-ready=yes]", state="attached")
        pins = page.evaluate("Array.from(document.querySelectorAll('.leaflet-marker-icon.pin'))"
                             ".map(e => [Number(e.dataset.lat), Number(e.dataset.lon)])")
        assert any(abs(lat - 50.45) < 0.5 and abs(lon - 30.52) < 0.5 for lat, lon in pins), pins
        page.screenshot(path=str(SHOTS / "story-desktop.png"), full_page=True)

        # who said what across the store: from a speaker on the story page to everything they said
        story_url = page.url
        page.get_by_role("link", name="Everything Vladimir Medinsky said").click()
        expect(page.locator("h1")).to_have_text("Who said what")
        expect(page.locator("input[name=speaker]")).to_have_value("Vladimir Medinsky")
        expect(page.locator("ol.quotes li strong").first).to_have_text("Vladimir Medinsky")
        page.screenshot(path=str(SHOTS / "quotes-desktop.png"), full_page=True)
        page.goto(story_url)

        # the same story on a phone: nothing wider than the screen
        phone = context.new_page()
        phone.set_viewport_size({"width": 412, "height": 915})
        phone.goto(page.url)
        phone.wait_for_selector("#map[data-ready=yes]", state="attached")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 412
        phone.screenshot(path=str(SHOTS / "story-412.png"), full_page=True)
        for path in ("/quotes", "/people", "/sources"):
            phone.goto(base + path)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 412, path
        phone.goto(base + "/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 412
        phone.screenshot(path=str(SHOTS / "stories-412.png"), full_page=True)

        # keyboard: the skip link comes first and lands on the content
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.activeElement.className") == "skip"
        browser.close()
    assert not [e for e in errors if "favicon" not in e], errors
