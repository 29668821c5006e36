"""The web walkthrough's third round (#8): one way of showing times on every page, right-to-left titles
and text, empty pages that offer a way on, timelines that link the outlet's own article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_web_support import SHANGHAI, article, ingest, seeded_store, serving, web_app

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article
from newsdesk.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")

# 23:30 in New York on the 29th is 04:30 UTC on the 30th: a page cutting the stored value's date says the 29th
LATE = article("https://ny.example/late-talks", "New York Desk", "2022-03-29T23:30:00-05:00",
               "Late talks in Istanbul end without a deal",
               "Negotiators left the Istanbul talks late on Tuesday without a deal, officials said.")


@pytest.fixture()
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        ids["late"] = ingest(store, StoryDesk(store), LATE)
        yield store, ids


@pytest.fixture()
def client(seeded: tuple[Store, dict[str, str]]) -> TestClient:
    return TestClient(create_app(seeded[0]))  # the pages, the watches and the API, as `newsdesk run` serves them


def _times(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", shown).strip() for shown in re.findall(r"<time [^>]*>(.*?)</time>", html)]


def test_search_shows_a_hit_s_time_as_its_story_and_article_pages_do(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """Search results showed the date cut from the source's own offset (2022-03-29) while the story and
    article pages showed the time in UTC (2022-03-30 04:30 UTC): the same article, a day apart."""
    late = seeded[1]["late"]
    story = seeded[0].story_of(late)
    article_page = client.get(f"/articles/{late}").text
    story_page = client.get(f"/stories/{story}").text
    search = client.get("/search", params={"q": '"without a deal"'}).text
    assert "2022-03-30 04:30 UTC" in _times(article_page)
    assert "2022-03-30 04:30 UTC" in _times(story_page)
    assert _times(search) == ["2022-03-30 04:30 UTC"]
    assert 'datetime="2022-03-29T23:30:00-05:00"' in search  # the machine-readable value keeps its offset
    # a watch's rule tried on the stored articles lists them the same way
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/watches").text)
    assert csrf
    tried = client.post("/watches/test", data={"csrf": csrf[1], "query": '"without a deal"'}).text
    assert "2022-03-30 04:30 UTC" in _times(tried), tried
    # and the API stays ISO-8601 with the offset
    assert client.get("/api/articles", params={"q": '"without a deal"'}).json()[0]["published"] == \
        "2022-03-29T23:30:00-05:00"


ARABIC_TITLE = "زيلينسكي يقول إن المحادثات في إسطنبول كانت إيجابية"
ARABIC_TEXT = ("قال الرئيس الأوكراني يوم الثلاثاء إن المحادثات في إسطنبول كانت إيجابية لكنها لا تعني نهاية القصف.\n\n"
               "وأعلنت روسيا أنها ستقلص النشاط العسكري حول كييف.")


def _arabic(url: str = "https://ar.example/istanbul", title: str = ARABIC_TITLE) -> Article:
    return replace(article(url, "Arabic Desk", "2022-03-30T01:30:00+03:00", title, ARABIC_TEXT), language="ar")


def _direction(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).direction)"))


@browser_only
def test_arabic_titles_and_text_read_right_to_left(tmp_path: Path) -> None:
    """An Arabic article's title and text were laid out left to right on every page: the full stop
    that ends a sentence stood at its right-hand end (its start, in Arabic) and a quotation mark at
    the wrong side of the words; a title that arrived live the same. Each piece of article text now
    takes its direction from its own letters; English ones stay left to right."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    desk = StoryDesk(store)
    arabic = ingest(store, desk, _arabic())
    story = store.story_of(arabic)
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(base + "/")
            assert _direction(page, f'li[data-story="{story}"] h2') == ["rtl"]
            assert set(_direction(page, f'li.story-item:not([data-story="{story}"]) h2')) == {"ltr"}
            page.goto(f"{base}/articles/{arabic}")
            assert _direction(page, "article h1") == ["rtl"]
            assert _direction(page, ".text p") == ["rtl", "rtl"]
            page.goto(f"{base}/stories/{story}")
            assert _direction(page, "h1") == ["rtl"]
            assert _direction(page, "#timeline h3") == ["rtl"]
            assert set(_direction(page, "#timeline .sentence")) == {"rtl"}
            page.goto(base + "/search?q=" + quote("إسطنبول"))
            assert _direction(page, "#q") == ["rtl"]  # the query as typed, too
            assert _direction(page, ".hits h2") == ["rtl"]
            assert _direction(page, ".hits h2 + p + p") == ["rtl"]  # the snippet
            page.goto(base + "/search?q=Kyiv")
            assert set(_direction(page, ".hits h2")) == {"ltr"}
            # a title that comes in live, on the list of stories
            page.goto(base + "/")
            page.wait_for_selector("body[data-live=on]", state="attached")
            ingest(store, desk, _arabic("https://ar.example/kharkiv", "قصف جديد على خاركيف"))
            fresh = page.locator("#stories li.updated h2", has_text="خاركيف")
            expect(fresh).to_have_count(1, timeout=30_000)
            assert fresh.evaluate("e => getComputedStyle(e).direction") == "rtl"
        finally:
            browser.close()


@browser_only
def test_many_tabs_share_one_live_stream(tmp_path: Path) -> None:
    """Each open page held its own event stream, one of the 6 connections a browser opens to a site:
    with six newsdesk tabs open, the seventh never loaded. Every tab still gets what comes in."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(create_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context()
            tabs = []
            for path in ("/", "/", "/search?q=Kyiv", "/quotes", "/people", "/who-did-what", "/alerts", "/sources"):
                tab = context.new_page()
                tab.goto(base + path, timeout=10_000)
                tab.wait_for_selector("body[data-live=on]", state="attached", timeout=10_000)
                tabs.append(tab)
            ingest(store, StoryDesk(store), article(
                "https://quake.example/a", "Wire", "2022-04-01T10:00:00+00:00", "Earthquake shakes Ridgecrest",
                "An earthquake shook Ridgecrest on Friday, toppling shelves in shops."))
            for tab in tabs:
                expect(tab.locator("#live")).to_contain_text("Earthquake shakes Ridgecrest", timeout=15_000)
            expect(tabs[0].locator("#stories li.updated")).to_contain_text("Earthquake shakes Ridgecrest")
        finally:
            browser.close()


def test_a_story_timeline_links_each_article_to_its_outlet_s_page(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """A story's timeline named each article's outlet but linked only to the stored copy: the page the
    outlet published (to read it as published, or check it) was two clicks away, and not on it at all
    for an outlet the timeline called "unknown source"."""
    store, ids = seeded
    desk = StoryDesk(store)
    nameless = ingest(store, desk, article(
        "https://nameless.example/istanbul-late", "", "2022-03-30T06:00:00+00:00", "Istanbul talks: what next",
        "Diplomats in Istanbul said on Wednesday that a summit of the two presidents was not yet planned."))
    hostile = ingest(store, desk, article(
        "javascript:alert(1)", "", "2022-03-30T07:00:00+00:00", "Istanbul talks: the morning after",
        "Markets rose in Moscow and Kyiv on Wednesday morning after the talks in Istanbul ended."))

    def entry(article_id: str) -> str:
        timeline = client.get(f"/stories/{store.story_of(article_id)}").text.split('id="timeline"')[1]
        return timeline.split(f'id="a-{article_id[:12]}">')[1].split("<h3")[0]

    assert re.search(r'<a class="source" dir="auto" href="https://wire.example/kyiv-talks" '
                     r'rel="noopener noreferrer nofollow">Wire One</a>', entry(ids["talks"]))
    assert '<a class="source" dir="auto" href="https://nameless.example/istanbul-late"' in entry(nameless)
    assert ">nameless.example</a>" in entry(nameless)  # no outlet named: its address's host
    assert "javascript:" not in entry(hostile) and "unknown source" in entry(hostile)


@browser_only
def test_back_after_filtering_shows_the_filters_of_what_is_shown(tmp_path: Path) -> None:
    """Back from a filtered search, the page listed the unfiltered results under the filters chosen
    since (the browser puts typed values back); back from a pin's story, the map showed every pin under
    an event type reset to "all" and the dates still set."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(base + "/search?q=Kyiv")
            everything = page.locator(".hits > li").count()
            page.locator("details summary").click()
            page.select_option("select[name=event]", "RETREAT")
            page.fill("input[name=person]", "Fomin")
            page.click("button[type=submit]")
            page.wait_for_url("**event=RETREAT**")
            page.go_back()
            page.wait_for_url(base + "/search?q=Kyiv")
            expect(page.locator(".hits > li")).to_have_count(everything)
            assert page.input_value("select[name=event]") == "" and page.input_value("input[name=person]") == ""

            page.goto(base + "/map")
            expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
            all_pins = page.locator("#pin-list li").count()
            page.select_option("#f-type", "CONSULT")
            chosen = page.locator("#pin-list li").all_inner_texts()
            assert 0 < len(chosen) < all_pins and all("CONSULT" in pin for pin in chosen)
            assert page.url.endswith("/map?type=CONSULT")
            page.locator("#pin-list a").first.click()
            page.wait_for_url("**/stories/**")
            page.go_back()
            expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
            assert page.input_value("#f-type") == "CONSULT"
            assert page.locator("#pin-list li").all_inner_texts() == chosen
        finally:
            browser.close()


def test_empty_pages_offer_the_way_on(tmp_path: Path, client: TestClient) -> None:
    """An empty page said what was not there and stopped: "No more quotes." on a page past the last
    (no way back to the first), "No matching events." under filters (no way to drop them), "0 results"
    for a search, "No quotes yet." in a new store (nothing about where quotes come from)."""
    def hint(page: str) -> str:
        main = page.split('<main id="main"')[1].split("</main>")[0]
        return " ".join(re.findall(r'<(?:p|li) class="(?:hint|empty)">(.*?)</(?:p|li)>', main, re.S))

    with open_store(str(tmp_path / "new.db")) as store:
        new = TestClient(create_app(store))
        for path in ("/", "/quotes", "/people", "/who-did-what"):
            assert '<a href="/sources">' in hint(new.get(path).text), path
        assert '<a href="/watches">Create a watch</a>' in hint(new.get("/alerts").text)
    for path, back in (("/quotes?speaker=Fomin&offset=300", "/quotes?speaker=Fomin"),
                       ("/who-did-what?type=RETREAT&offset=60", "/who-did-what?type=RETREAT"),
                       ("/people?name=Kirby&offset=30", "/people?name=Kirby")):
        said = hint(client.get(path).text)
        assert "past the last one" in said and f'<a href="{back}">the first page</a>' in said, said
    for path, everything in (("/quotes?speaker=Nobody", "/quotes"), ("/who-did-what?party=Nobody", "/who-did-what"),
                             ("/people?name=Nobody", "/people")):
        assert f'<a href="{everything}">' in hint(client.get(path).text), path
    assert '<a href="/people?name=Kyiv&amp;type=any">any kind</a>' in hint(client.get("/people?name=Kyiv").text)
    searched = hint(client.get("/search", params={"q": "Kyiv", "person": "Nobody"}).text)
    assert "0 results" in searched and '<a href="/search?q=Kyiv">without the filters</a>' in searched


LONG_TITLES = (
    "Earthquake shakes Ridgecrest as residents sweep broken glass from shop floors and engineers inspect bridges, "
    "roads, schools, hospitals and the old water tower for cracks after the strongest tremor in decades",
    "Floods close Lismore while rescuers in boats pull families from rooftops and the river climbs past its record "
    "mark again, leaving the town centre cut off from the highway for days",
    "Volcano erupts near Tonga and ash falls across the Pacific islands, grounding flights, cutting the undersea "
    "internet cable and sending small waves toward beaches as far away as Peru")
LONG_TEXTS = ("An earthquake shook Ridgecrest on Friday, toppling shelves in shops.",
              "Floodwater cut the town of Lismore off for a second time on Wednesday.",
              "A volcano erupted near Tonga, sending ash over the Pacific islands.")


@browser_only
def test_live_updates_with_long_titles_leave_the_page_readable(tmp_path: Path) -> None:
    """Three stories with long titles arriving live took 290 of the 450 pixels of a window at 200% zoom
    (640 x 450 CSS pixels), and the announcements stayed there, over the page, however far it was scrolled."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            zoomed = browser.new_page(viewport={"width": 640, "height": 450})
            desktop = browser.new_page(viewport={"width": 1280, "height": 900})
            for page in (zoomed, desktop):
                page.goto(base + "/")
                page.wait_for_selector("body[data-live=on]", state="attached")
            desk = StoryDesk(store)
            for n, (title, text) in enumerate(zip(LONG_TITLES, LONG_TEXTS, strict=True)):
                ingest(store, desk, article(f"https://long.example/{n}", "Wire", "2022-04-01T10:00:00+00:00",
                                            title, text))
            for page in (zoomed, desktop):
                expect(page.locator("#live p")).to_have_count(3, timeout=30_000)
                page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
                box = page.locator("#live").bounding_box()
                assert box is not None and page.viewport_size is not None
                height = page.viewport_size["height"]
                covered = max(0.0, min(box["y"] + box["height"], height) - max(box["y"], 0))
                assert covered <= 0.2 * height, (page.viewport_size, box)
            assert zoomed.evaluate("window.scrollY") > 300  # (scrolled down, past where they were)
            # the whole announcement is still there to be read
            assert LONG_TITLES[0] in desktop.locator("#live").inner_text()
        finally:
            browser.close()


@browser_only
def test_a_live_update_leaves_the_keyboard_where_it_was(tmp_path: Path) -> None:
    """A development for the story a keyboard was on moved that story to the top of the list, and the
    focus with it was lost: the next Tab started again from the top of the page."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-live=on]", state="attached")
            story = page.locator("#stories li.story-item").last.get_attribute("data-story")
            last = page.locator(f'#stories li[data-story="{story}"]')
            expect(last).to_contain_text("Shanghai locks down")
            last.locator("h2 a").focus()
            ingest(store, StoryDesk(store), article(
                "https://other.example/shanghai-west", "Other Wire", "2022-03-29T09:00:00+00:00",
                "Shanghai extends lockdown to the west of the city",
                "Shanghai extended its lockdown on Tuesday. \"We will test everyone again,\" Gu Honghui said.",
                places={"Shanghai": SHANGHAI}, people={"Gu Honghui": ("official",)},
                quotes=(("Gu Honghui", "We will test everyone again", "direct"),)))
            expect(last).to_have_class(re.compile(r"\bupdated\b"), timeout=30_000)
            assert page.evaluate("document.activeElement.textContent") == "Shanghai locks down in two stages"
            page.keyboard.press("Shift+Tab")  # on from there, not from the end of the page
            assert page.evaluate("document.activeElement.textContent") == "Russia to reduce military activity near Kyiv"
        finally:
            browser.close()


@browser_only
def test_going_up_the_page_by_keyboard_keeps_the_focus_clear_of_the_announcements(tmp_path: Path) -> None:
    """Shift+Tab up the list of stories scrolled each link to the very top of the window, under the live
    announcements that stay there: the focused link could not be seen."""
    from playwright.sync_api import expect, sync_playwright

    from newsdesk.web.demo import load_demo

    with open_store(str(tmp_path / "demo.db")) as store, serving(web_app(store)) as base, sync_playwright() as p:
        load_demo(store, None)
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 700})
            page.goto(base + "/")
            page.wait_for_selector("body[data-live=on]", state="attached")
            desk = StoryDesk(store)
            for n, (title, text) in enumerate(zip(LONG_TITLES, LONG_TEXTS, strict=True)):
                ingest(store, desk, article(f"https://up.example/{n}", "Wire", "2022-04-09T10:00:00+00:00",
                                            title[:60], text))
            expect(page.locator("#live p")).to_have_count(3, timeout=30_000)
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            assert page.evaluate("window.scrollY") > 700
            under = []
            for _ in range(8):
                page.keyboard.press("Shift+Tab")
                where = page.evaluate("""(() => { const e = document.activeElement, r = e.getBoundingClientRect();
                    return {inLive: !!e.closest('#live'), top: r.top, text: e.textContent.trim().slice(0, 40),
                            scrolled: window.scrollY}; })()""")
                box = page.locator("#live").bounding_box()
                assert box is not None and not where["inLive"] and where["scrolled"] > 0
                if where["top"] < box["y"] + box["height"]:
                    under.append(where)
            assert not under, under
        finally:
            browser.close()


@browser_only
def test_a_map_pin_opened_by_keyboard_takes_the_focus_into_its_links_and_back(tmp_path: Path) -> None:
    """Enter on a pin opened its popup, but Tab went on through the other pins (the popups come after
    every marker), and Escape did nothing while the focus was in the popup."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    with store, serving(web_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(base + "/map")
            expect(page.locator("#map")).to_have_attribute("data-ready", "yes")
            page.locator("#map .pin").first.focus()
            pin = page.evaluate("document.activeElement.title")
            page.keyboard.press("Enter")
            expect(page.locator(".leaflet-popup")).to_have_count(1)
            assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
            assert page.evaluate("document.activeElement.getAttribute('href')").startswith("/stories/")
            page.keyboard.press("Escape")
            expect(page.locator(".leaflet-popup")).to_have_count(0)
            assert page.evaluate("document.activeElement.title") == pin
        finally:
            browser.close()
