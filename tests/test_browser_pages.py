"""Pages in Debian's Chromium (Playwright) over a real server: an empty map says why; a new story goes live
onto the first page of the list only."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_support import article, ingest, seeded_store, serving, web_app

from newsdesk.store import open_store
from newsdesk.stories import StoryDesk

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")


def _pin_list(base: str, choose: str | None = None) -> list[str]:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(base + "/map")
        expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
        if choose:
            page.fill("#f-since", choose)
            page.locator("#f-since").dispatch_event("change")
        items = page.locator("#pin-list li").all_inner_texts()
        browser.close()
    return items


def test_an_empty_map_says_why(tmp_path: Path) -> None:
    """With no pins the map page showed an empty map over an empty "Pins" heading."""
    with open_store(str(tmp_path / "empty.db")) as store, serving(web_app(store)) as base:
        assert _pin_list(base) == ["No pins yet: pins are the places of events in the newest developments "
                                   "of the stories."]
    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base:
        pins = _pin_list(base)
        assert pins and all("·" in pin for pin in pins)
        assert _pin_list(base, choose="2030-01-01") == ["No pins match these filters."]


def test_a_new_story_slides_into_the_first_page_only(tmp_path: Path) -> None:
    """A new story arriving live was put at the top of whatever page of the list was open."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        older, first = browser.new_page(), browser.new_page()
        older.goto(base + "/?page=2")
        first.goto(base + "/")
        for page in (older, first):
            page.wait_for_selector("body[data-live=on]", state="attached")
        desk = StoryDesk(store)
        ingest(store, desk, article("https://example.com/quake", "Wire", "2022-04-01", "Earthquake shakes Ridgecrest",
                                    "An earthquake shook Ridgecrest on Friday, toppling shelves in shops."))
        expect(first.locator("#stories li.updated")).to_contain_text("Earthquake shakes Ridgecrest", timeout=30_000)
        expect(older.locator("#live")).to_contain_text("Earthquake shakes Ridgecrest", timeout=30_000)
        assert older.locator("#stories li.story-item").count() == 0
        browser.close()


def test_the_live_region_says_what_came_in_and_to_which_story(tmp_path: Path) -> None:
    """A quote arriving live was announced as "<speaker> said: <the story's title>", putting the title in
    the speaker's mouth; and each development of one article took a line, pushing the others out."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    text = "An earthquake shook Ridgecrest on Friday. \"The shelves came down,\" Maria Lopez said."
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(base + "/")
        page.wait_for_selector("body[data-live=on]", state="attached")
        ingest(store, StoryDesk(store), article(
            "https://example.com/quake", "Wire", "2022-04-01", "Earthquake shakes Ridgecrest", text,
            people={"Maria Lopez": ()}, quotes=(("Maria Lopez", "The shelves came down", "direct"),)))
        line = page.locator("#live p")
        expect(line).to_have_text("New quote from Maria Lopez in “Earthquake shakes Ridgecrest” (2 new developments)",
                                  timeout=30_000)
        expect(line.locator("a")).to_have_attribute("href", "/stories/" + store.stories(1)[0].id)
        browser.close()


def test_the_focus_ring_stands_out_from_the_page(tmp_path: Path) -> None:
    """The focus outline (#f0a400) had 2.1:1 contrast against the page: under WCAG's 3:1 for a focus
    indicator, easy to lose for a keyboard user with low vision."""
    from playwright.sync_api import sync_playwright

    script = """() => {
      const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                         return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
      const el = document.activeElement, ring = lum(rgb(getComputedStyle(el).outlineColor));
      const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
      const ratio = (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
      return [el.tagName, getComputedStyle(el).outlineStyle, ratio];
    }"""
    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(base + "/search")
        for _ in range(3):  # the skip link, the brand, then the first link of the menu
            page.keyboard.press("Tab")
            tag, style, ratio = page.evaluate(script)
            assert tag == "A" and style == "solid" and ratio >= 3, (tag, style, ratio)
        page.locator("#q").focus()
        page.keyboard.press("Tab")
        tag, style, ratio = page.evaluate(script)
        assert style == "solid" and ratio >= 3, (tag, style, ratio)
        browser.close()


def test_deleting_a_watch_asks_first(tmp_path: Path) -> None:
    """One stray tap on "Delete" removed a watch and its alerts at once, with no way back."""
    from playwright.sync_api import expect, sync_playwright

    from newsdesk.alerts.store import AlertStore
    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(create_app(store)) as base, sync_playwright() as p:
        alerts = AlertStore(store)
        alerts.add_watch('place:Kyiv "military activity"', [])
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        asked: list[str] = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.goto(base + "/watches")
        page.get_by_role("button", name='Delete watch place:Kyiv "military activity"').click()
        page.wait_for_timeout(300)
        assert asked == ['Delete the watch place:Kyiv "military activity"? Its alerts go with it.']
        assert len(alerts.watches()) == 1
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name='Delete watch place:Kyiv "military activity"').click()
        expect(page.locator("#watch-list")).to_contain_text("No watches yet.")
        assert alerts.watches() == []
        browser.close()


def test_a_failed_push_subscription_does_not_claim_notifications_are_on(tmp_path: Path) -> None:
    """"Notify this browser" turned into "Notifications on" even when the browser could not subscribe to
    push (here: headless Chromium refuses it), so nothing would arrive with no page open."""
    from playwright.sync_api import expect, sync_playwright

    from newsdesk.alerts.records import Channel
    from newsdesk.alerts.store import AlertStore
    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(create_app(store)) as base, sync_playwright() as p:
        AlertStore(store).add_watch("Kyiv", [Channel("webpush")])
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        context = browser.new_context()
        context.grant_permissions(["notifications"], origin=base)
        page = context.new_page()
        page.goto(base + "/watches")
        button = page.locator("button.subscribe")
        button.click()
        expect(button).to_have_text("On for open pages only")
        expect(page.locator("#live")).to_contain_text("Notifications on for open pages only: this browser could not "
                                                      "subscribe to push")
        browser.close()


def test_an_open_page_says_when_live_updates_stop_and_come_back(tmp_path: Path) -> None:
    """A page left open while the service went away looked live as before, and nothing came."""
    import threading

    import uvicorn
    from playwright.sync_api import expect, sync_playwright
    from test_web_support import free_port

    def start(app: object, port: int) -> tuple[uvicorn.Server, threading.Thread]:
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",  # type: ignore[arg-type]
                                               timeout_graceful_shutdown=1))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            thread.join(0.02)
        return server, thread

    store, _ = seeded_store(tmp_path / "web.db")
    port = free_port()
    with store, sync_playwright() as p:
        server, thread = start(web_app(store), port)
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("body[data-live=on]", state="attached")
        server.should_exit = True
        thread.join(15)
        expect(page.locator("#live")).to_contain_text("Live updates interrupted: the service cannot be reached",
                                                      timeout=15_000)
        server, thread = start(web_app(store), port)
        try:
            expect(page.locator("#live")).to_contain_text("Live updates are back.", timeout=15_000)
            assert page.locator("body[data-live=on]").count() == 1
        finally:
            browser.close()
            server.should_exit = True
            thread.join(15)


def test_the_map_puts_one_marker_on_each_spot_with_every_pin_in_its_popup(tmp_path: Path) -> None:
    """Each event was its own marker: a city with hundreds of events got hundreds of markers stacked on one
    spot, only the top one reachable, and the map of 20,000 stories took 2.5-3.7 s to draw."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(base + "/map")
        expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
        markers = page.locator(".leaflet-marker-icon.pin")
        assert markers.count() == 2  # Kyiv (RETREAT, FIGHT) and Istanbul (CONSULT)
        assert page.locator("#pin-list li").count() == 3  # the list keeps every pin
        kyiv = page.locator('.leaflet-marker-icon.pin[data-count="2"]')
        assert kyiv.get_attribute("title") == "Kyiv: 2 pins"
        kyiv.focus()
        page.keyboard.press("Enter")
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("Kyiv · 2 pins")
        expect(popup.locator("a")).to_have_count(2)
        expect(popup).to_contain_text("Kyiv · RETREAT")
        expect(popup).to_contain_text("Kyiv · FIGHT")
        browser.close()


def test_the_alerts_page_lists_a_new_alert_as_it_fires(tmp_path: Path) -> None:
    """An alert firing while the alerts page was open showed only as a line in the live region; the list of
    what fired stayed as it was until a reload."""
    from playwright.sync_api import expect, sync_playwright
    from test_web_support import KYIV

    from newsdesk.alerts.engine import Alerter
    from newsdesk.alerts.store import AlertStore
    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(create_app(store)) as base, sync_playwright() as p:
        alerts = AlertStore(store)
        alerts.add_watch('place:Kyiv "military activity"', [])
        other = alerts.add_watch("Ridgecrest", [])
        alerter = Alerter(store, alerts)
        alerter.step()
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page, only_other = browser.new_page(), browser.new_page()
        page.goto(base + "/alerts")
        only_other.goto(base + f"/alerts?watch={other.id}")
        for each in (page, only_other):
            each.wait_for_selector("body[data-live=on]", state="attached")
        text = "Ukraine said on Thursday that Russian military activity near Kyiv had not stopped."
        ingest(store, StoryDesk(store), article("https://fourth.example/k", "Fourth Wire", "2022-03-31T08:00:00+00:00",
                                                "Russian military activity near Kyiv goes on", text,
                                                places={"Kyiv": KYIV}, events=(("ASSAULT", "Russia", "Ukraine",
                                                                                "Kyiv", "military activity"),)))
        assert alerter.step().alerts == 1
        item = page.locator("#alert-list li.alert").first
        expect(item).to_contain_text('watch place:Kyiv "military activity"', timeout=30_000)
        expect(item.locator("blockquote")).to_have_text(text)
        assert page.locator("#alert-list .empty").count() == 0
        expect(only_other.locator("#live")).to_contain_text("Alert:", timeout=30_000)
        assert only_other.locator("#alert-list li.alert").count() == 0  # another watch's page: not its alert
        browser.close()
