"""The map page in Debian's Chromium (Playwright) over a real server: an empty map says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_support import seeded_store, serving, web_app

from newsdesk.store import open_store

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
