"""Story corrections on the story page (#6), in Debian's Chromium over a real server, by keyboard
alone: "Move to…" an article, find the story by its words, move it there; "Merge with…"; a move into
a new story; an error shown in the page; a correction undone. The library, CLI and API had them; the pages had none."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_support import seeded_store, serving

from newsdesk.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")


def test_an_editor_moves_merges_and_is_told_by_keyboard(tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    store, ids = seeded_store(tmp_path / "web.db")
    kyiv, shanghai = store.story_of(ids["follow"]), store.story_of(ids["lockdown"])
    assert kyiv and shanghai and kyiv != shanghai and store.story_of(ids["talks"]) == kyiv

    def tab_to(page: Page, name: str) -> None:
        """Tab (at most 80 times) until the focused element is the link or button named ``name``."""
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("() => (document.activeElement.getAttribute('aria-label') || "
                             "document.activeElement.textContent).trim()") == name:
                return
        raise AssertionError(f"no {name!r} by keyboard")

    with store, serving(create_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page()
        page.goto(f"{base}/stories/{kyiv}")
        follow = "Pentagon: Russian moves near Kyiv after Istanbul peace talks are not a withdrawal"
        tab_to(page, f"Move “{follow}” to another story")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Move an article")
        page.locator("#find").focus()
        page.keyboard.type("Shanghai")
        page.keyboard.press("Enter")
        expect(page.locator(".choices h3")).to_have_text(["Shanghai locks down in two stages"])
        tab_to(page, "Move it to “Shanghai locks down in two stages”")
        page.keyboard.press("Enter")
        # the story it went to, saying so, with the article in its timeline
        expect(page.locator("#note")).to_have_text(f"Moved “{follow}” here from “Russia to reduce military "
                                                   "activity near Kyiv”. Back to the story it left")
        assert page.url.startswith(f"{base}/stories/{shanghai}?")
        expect(page.locator("#timeline h3 a", has_text=follow)).to_have_count(1)
        assert store.story_of(ids["follow"]) == shanghai

        # the form of a page left open after the article went: an error in the page, nothing moved
        page.goto(f"{base}/stories/{kyiv}/move?article={ids['follow']}")
        expect(page.locator("[role=alert]")).to_have_text(f"Article {ids['follow'][:12]} is not in this story.")

        # merge: the Kyiv story folded into the Shanghai one
        page.goto(f"{base}/stories/{shanghai}")
        tab_to(page, "Merge with…")
        page.keyboard.press("Enter")
        page.locator("#find").fill("Istanbul")
        page.locator("#find").press("Enter")
        expect(page.locator(".choices h3")).to_have_text(["Russia to reduce military activity near Kyiv"])
        tab_to(page, "Merge “Russia to reduce military activity near Kyiv” into this story")
        page.keyboard.press("Enter")
        expect(page.locator("#note")).to_have_text("Merged “Russia to reduce military activity near Kyiv” into "
                                                   "this story.")
        assert store.story_of(ids["talks"]) == shanghai

        # a story of its own
        page.goto(f"{base}/stories/{shanghai}/move?article={ids['follow']}")
        tab_to(page, "Move to a new story")
        page.keyboard.press("Enter")
        expect(page.locator("#note")).to_contain_text(f"Moved “{follow}” here from “Shanghai locks down")
        made = store.story_of(ids["follow"])
        assert made and made not in (kyiv, shanghai) and page.url.startswith(f"{base}/stories/{made}?")

        # the story lists its corrections; undoing the last (asked first) rebuilds the stories without it
        page.on("dialog", lambda dialog: dialog.accept())
        tab_to(page, "Corrections by editors (1)")
        page.keyboard.press("Enter")
        expect(page.locator("#edits li")).to_contain_text([f"Moved “{follow}” from “Shanghai locks down in two "
                                                           "stages” to this story."])
        [last] = [e.pk for e in store.story_edits_of(made)]
        tab_to(page, f"Undo correction #{last}")
        page.keyboard.press("Enter")
        expect(page.locator("#note")).to_have_text(
            f"Correction #{last} undone: the stories are as if it had not been made.")
        back = store.story_of(ids["follow"])
        assert back != made and store.story_of(ids["lockdown"]) == back  # the earlier move, made again
        expect(page.locator("#timeline h3 a", has_text=follow)).to_have_count(1)
        expect(page.locator("#edits li")).to_have_count(2)  # the move here and the merge stay
        browser.close()
