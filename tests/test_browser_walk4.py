"""The web walkthrough's fourth round in Debian's Chromium (#8): an event's place opens its pin on its
story's map."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_support import seeded_store, serving, web_app

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")


def test_an_event_s_place_opens_its_pin_on_the_story_s_map(tmp_path: Path) -> None:
    """"Istanbul" beside an event led nowhere; now it opens the story's map with Istanbul's pin open, and
    a place with no pin says why rather than showing a map with nothing picked."""
    from playwright.sync_api import expect, sync_playwright

    store, ids = seeded_store(tmp_path / "web.db")
    story = store.story_of(ids["talks"])
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(base + "/who-did-what")
        page.locator("a.where", has_text="Istanbul").first.click()
        expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
        expect(page.locator(".leaflet-popup-content strong")).to_contain_text("Istanbul")
        assert f"story={story}" in page.url
        page.select_option("#f-type", "CONSULT")  # a filter keeps the page on this story's map
        assert f"story={story}" in page.url and "type=CONSULT" in page.url
        page.goto(base + f"/map?story={story}&place=Atlantis")
        expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
        expect(page.locator("#place-note")).to_have_text(
            "No pin for Atlantis: the place has no coordinates, or these filters hide it.")
        browser.close()
