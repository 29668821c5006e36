"""The web walkthrough's findings (#8), over real servers, a real store and Debian's Chromium:
live updates that resume where they stopped, dates at the edge of the calendar, and the like."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import uvicorn
from test_web_support import article, free_port, ingest, seeded_store, web_app

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk

CHROMIUM = Path("/usr/bin/chromium")
browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does it)")


def _start(app: object, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",  # type: ignore[arg-type]
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.02)
    return server, thread


@browser_only
def test_a_story_stored_while_the_service_was_down_appears_when_it_is_back(tmp_path: Path) -> None:
    """The stream said where it started only in its data, not as an event id: a page that had got no
    development before a restart reconnected with no Last-Event-ID and started from the newest, so
    what `newsdesk ingest` stored while the service was down never reached the open page."""
    from playwright.sync_api import expect, sync_playwright

    store, _ = seeded_store(tmp_path / "web.db")
    port = free_port()
    with store, sync_playwright() as p:
        server, thread = _start(web_app(store), port)
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body[data-live=on]", state="attached")
            server.should_exit = True
            thread.join(15)
            page.wait_for_selector("body[data-live=off]", state="attached", timeout=15_000)
            with open_store(str(tmp_path / "web.db")) as other:  # another process, as `newsdesk ingest`
                ingest(other, StoryDesk(other), article(
                    "https://late.example/floods", "Late News", "2022-03-31T10:00:00+00:00", "Floods close Lismore",
                    "Floodwater cut the town of Lismore off for a second time on Wednesday, officials said."))
            server, thread = _start(web_app(store), port)
            expect(page.locator("#stories li.story-item").first).to_contain_text("Floods close Lismore",
                                                                                  timeout=15_000)
        finally:
            browser.close()
            server.should_exit = True
            thread.join(15)


@pytest.mark.parametrize("field", ["until", "since"])
@pytest.mark.parametrize("day", ["9999-12-31", "9999-12", "9999"])
def test_the_last_day_of_the_calendar_is_a_date_like_any_other(tmp_path: Path, field: str, day: str) -> None:
    """``until:9999-12-31`` was a 500 (the day after it is past Python's calendar); ``until:9999`` and
    ``until:9999-12`` found nothing (their bound "10000" sorts before every stored date)."""
    from fastapi.testclient import TestClient

    store, _ = seeded_store(tmp_path / "web.db")
    with store:
        client = TestClient(web_app(store))
        page = client.get("/search", params={"q": "Kyiv", field: day})
        assert page.status_code == 200
        found = "Russia to reduce military activity near Kyiv" in page.text
        assert found is (field == "until")


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}, {"Origin": "null"}])
def test_another_sites_page_cannot_change_anything(tmp_path: Path, headers: dict[str, str]) -> None:
    """On loopback the API asks for no credentials: any page open in the editor's browser could pause
    or delete a watch with a plain cross-site form POST (no preflight), and the service obeyed."""
    from fastapi.testclient import TestClient

    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    with store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
        watch = client.post("/api/watches", json={"query": "Kyiv"}).json()["id"]  # a script: no browser headers
        refused = client.post(f"/api/watches/{watch}/pause", headers=headers)
        assert refused.status_code == 403 and "another site" in refused.json()["error"]
        assert client.delete(f"/api/watches/{watch}", headers=headers).status_code == 403
        assert client.get(f"/api/watches/{watch}").json()["options"]["paused"] is False
        # the pages' own requests, and a browser's own address bar, pass
        for own in ({"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"},
                    {"Origin": "http://127.0.0.1:8000"}):
            assert client.post(f"/api/watches/{watch}/pause", headers=own).status_code == 200
        assert client.get("/api/stories", headers=headers).status_code == 200  # reading is no change


LONG = "Supercalifragilisticexpialidocious" * 4  # a word wider than a phone (a URL, a hashtag, a German noun)


@browser_only
def test_a_long_unbroken_word_stays_inside_a_phone_screen(tmp_path: Path) -> None:
    """A source's long address (its link text) pushed the sources page 2,800 px wide on a 375 px phone:
    the whole page scrolled sideways. Every page keeps such words inside the screen."""
    from playwright.sync_api import sync_playwright
    from test_web_support import KYIV, serving

    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    text = f"{LONG} met in Kyiv. \"We keep {LONG} going,\" said {LONG} Person on Friday."
    quote = (f"{LONG} Person", f"We keep {LONG} going", "direct")
    ingest(store, StoryDesk(store), article(
        f"https://long.example/{LONG}", f"{LONG} Times", "2022-04-01T10:00:00+00:00", f"{LONG} in Kyiv", text,
        people={f"{LONG} Person": (LONG,)}, places={"Kyiv": KYIV}, quotes=(quote,)))
    store.add_source(f"https://example.org/{LONG}/rss.xml")
    with store, serving(create_app(store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto(base + "/")
        story = page.locator("#stories h2 a").first.get_attribute("href")
        page.goto(base + str(story))
        article_href = page.locator("#timeline h3 a").first.get_attribute("href")
        wide = {}
        for url in ("/", str(story), str(article_href), f"/search?q={LONG}", "/quotes", "/people", "/sources",
                    f"/search?q=%22{LONG}%22+OR+x", f"/no/{LONG}"):
            page.goto(base + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                wide[url[:40]] = width
        browser.close()
    assert wide == {}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_nul_in_the_quotes_words_is_refused_not_a_500(tmp_path: Path, backend: str) -> None:
    """Only the search query (``q`` of /search and /api/articles) was let through with a NUL for its
    parser to point at; ``q`` of /quotes is plain words, and PostgreSQL cannot hold a NUL in text:
    the quotes page and /api/quotes answered 500 there."""
    from fastapi.testclient import TestClient
    from test_store_support import store_on

    from newsdesk.web.app import create_app

    with store_on(backend, tmp_path) as store:
        client = TestClient(create_app(store), raise_server_exceptions=False)
        for path in ("/quotes?q=a%00b", "/api/quotes?q=a%00b"):
            answer = client.get(path)
            assert answer.status_code == 400 and "q: a NUL character" in answer.text, (path, answer.text)
        for path in ("/search?q=a%00b", "/api/articles?q=a%00b"):  # the query parser's: it says where
            answer = client.get(path)
            assert answer.status_code == 400 and "position" in answer.text, (path, answer.text)


def test_saving_a_paused_watch_says_it_stays_paused(tmp_path: Path) -> None:
    """Editing a paused watch said "It fires on what arrives from now on": it stays paused and fires on
    nothing until resumed. The rule hint also left out said:, since: and until:, which watches take."""
    import re

    from fastapi.testclient import TestClient

    from newsdesk.web.app import create_app
    from newsdesk.web.security import CSRF_COOKIE

    store, _ = seeded_store(tmp_path / "web.db")
    with store:
        client = TestClient(create_app(store))
        page = client.get("/watches")
        assert "said:" in page.text[page.text.index('id="rule-help"'):]
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
        client.cookies.set(CSRF_COOKIE, token)
        client.post("/watches", data={"csrf": token, "query": "Kyiv", "atom": "on"})
        watch = client.get("/api/watches").json()[0]["id"]
        client.post(f"/watches/{watch}/pause", data={"csrf": token, "paused": "1"})
        saved = client.post(f"/watches/{watch}/edit", data={"csrf": token, "query": "place:Kyiv", "atom": "on"})
        done = re.search(r'<p class="done"[^>]*>(.*?)</p>', saved.text, re.S)
        assert done is not None and "paused" in done[1] and "fires on what arrives" not in done[1], saved.text[:300]
        client.post(f"/watches/{watch}/pause", data={"csrf": token, "paused": "0"})
        saved = client.post(f"/watches/{watch}/edit", data={"csrf": token, "query": "Kyiv", "atom": "on"})
        assert "It fires on what arrives from now on" in saved.text


def test_the_last_page_within_reach_does_not_link_past_it(tmp_path: Path) -> None:
    """With more than 10,030 quotes, "Older quotes" on the page at offset 9,990 led to offset 10,020,
    past what the page takes: an error page ("offset: less than or equal to 10000"). The last page
    within reach says how to see the rest instead; the people page the same, and the events page
    (its "Earlier events" linked past the reach still)."""
    import time

    from fastapi.testclient import TestClient

    from newsdesk.types import Article, Entity, Event, Mention, Party, Quote, Span, Speaker
    from newsdesk.web.pages import MAX_OFFSET, PAGE_SIZE

    store = open_store(str(tmp_path / "many.db"))
    started = time.monotonic()
    per, articles = 100, []
    for n in range((MAX_OFFSET + 2 * PAGE_SIZE) // per + 1):
        parts, quotes, people, events = [], [], [], []
        for i in range(per):
            who, said = f"Speaker{n}x{i}", f"Line {n} {i} holds"
            at = sum(len(p) + 1 for p in parts)
            parts.append(f'"{said}," {who} said.')
            quotes.append(Quote(said, at + 1, at + 1 + len(said), "direct", Speaker(who, f"e{i}")))
            start = at + len(said) + 4
            people.append(Entity(f"e{i}", who, "PERSON", (), (Mention(start, start + len(who), who),)))
            events.append(Event("CONSULT", Span(at, at + len(parts[-1])), "said", actor=Party(who, f"e{i}")))
        text = " ".join(parts)
        articles.append(Article(id="", title=f"Many voices {n}", text=text, url=f"https://many.example/{n}",
                                source="Many", published=f"2022-03-{1 + n % 28:02d}T10:00:00+00:00",
                                paragraphs=(Span(0, len(text)),), quotes=tuple(quotes), entities=tuple(people),
                                events=tuple(events)))
    store.put_many(articles)
    assert time.monotonic() - started < 60
    with store:
        client = TestClient(web_app(store))
        for path in ("/quotes", "/people?type=any&since=2022", "/who-did-what"):
            last = client.get(f"{path}{'&' if '?' in path else '?'}offset={MAX_OFFSET - PAGE_SIZE // 3}")
            assert last.status_code == 200
            assert "offset=" not in last.text.split("</ol>")[-1]  # no link past the reach
            assert "narrow" in last.text.split("</ol>")[-1]


def _long_story(store: Store, articles: int) -> str:
    """One story of ``articles`` articles, each adding a quote (of one of 5 speakers) and an event."""
    from dataclasses import replace

    from test_web_support import KYIV

    from newsdesk.stories import Assignment, Development, story_id_for

    story = ""
    for n in range(articles):
        who = f"Official{n % 5}"
        text = f"Round {n} of talks opened in Kyiv. \"We talk again {n},\" {who} said. Crews delivered aid to the city."
        item = article(f"https://wire{n}.example/a", f"Wire {n}", f"2022-03-{1 + n // 24:02d}T{n % 24:02d}:00:00+00:00",
                       f"Talks round {n}", text, people={who: ("spokesperson",)}, places={"Kyiv": KYIV},
                       quotes=((who, f"We talk again {n}", "direct"),),
                       events=(("AID", "Crews", "the city", "Kyiv", "delivered aid"),))
        stored = replace(item, id=store.put(item).id)
        story = story or story_id_for(stored.id)
        quote, crews = text.index('"'), text.index("Crews")
        store.assign_story(Assignment(stored.id, story, "joined" if n else "new", developments=(
            Development(None, story, stored.id, "quote", text[quote:crews - 1], quote, crews - 1,
                        {"text": f"We talk again {n}", "kind": "direct", "speaker": {"name": who, "entity": "e1"}},
                        stored.published),
            Development(None, story, stored.id, "event", text[crews:], crews, len(text),
                        {"type": "AID", "actor": {"name": "Crews"},
                         "location": {"name": "Kyiv", "lat": KYIV.lat, "lon": KYIV.lon}}, stored.published))),
            stored)
    return story


def test_a_long_story_page_shows_its_newest_articles_and_pages_back(tmp_path: Path) -> None:
    """A story that ran for weeks (1,500 articles) was one page of 1.9 MB taking 1.1 s to serve: every
    article on the timeline, every quote and event beside it. The page shows the newest 100 articles,
    with earlier ones a page back, and beside them each speaker's newest statements and the newest events."""
    import re

    from fastapi.testclient import TestClient

    with open_store(str(tmp_path / "long.db")) as store:
        story = _long_story(store, 230)
        client = TestClient(web_app(store))
        first = client.get(f"/stories/{story}")
        titles = re.findall(r'<h3 dir="auto"><a href="/articles/\w+">Talks round (\d+)</a>', first.text)
        assert titles == [str(n) for n in range(130, 230)]  # the newest 100, in time order
        assert "Articles 131–230 of 230" in first.text
        assert f'href="/stories/{story}?page=2"' in first.text and "?page=0" not in first.text
        said = re.findall(r"<q dir=\"auto\">We talk again (\d+)</q>", first.text[first.text.index('id="quotes-h"'):])
        assert len(said) == 25 and "225" in said  # 5 speakers, each's 5 newest
        assert first.text[first.text.index('id="events-h"'):].count("<li>") <= 50
        last = client.get(f"/stories/{story}?page=3")
        titles = re.findall(r'<h3 dir="auto"><a href="/articles/\w+">Talks round (\d+)</a>', last.text)
        assert titles == [str(n) for n in range(30)] and "Articles 1–30 of 230" in last.text
        assert f'href="/stories/{story}?page=2"' in last.text and "?page=4" not in last.text
        past = client.get(f"/stories/{story}?page=9")
        assert past.status_code == 200 and "past the first article" in past.text


def test_a_browser_reaching_the_loopback_service_under_another_name_is_refused(tmp_path: Path) -> None:
    """On loopback every page and the API answer without a login. A page of another site whose name
    was made to resolve to 127.0.0.1 (DNS rebinding) is same-origin with it in the browser, so it
    could read every article and watch and add a watch sending alerts anywhere: the service answered
    any Host. A browser must come by a loopback name; scripts (no browser headers) are unchanged."""
    from fastapi.testclient import TestClient

    from newsdesk.web.app import create_app

    store, _ = seeded_store(tmp_path / "web.db")
    with store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
        rebound = {"Host": "rebind.evil.example:8000", "Sec-Fetch-Site": "same-origin"}
        for path in ("/api/watches", "/api/stories", "/", "/events"):
            refused = client.get(path, headers=rebound)
            assert refused.status_code == 403 and "rebind.evil.example" in refused.text, (path, refused.text)
        assert client.post("/api/watches", json={"query": "x", "webhook": "https://evil.example/hook"},
                           headers={"Host": "rebind.evil.example:8000", "Origin": "http://rebind.evil.example:8000"}
                           ).status_code == 403
        assert client.get("/api/watches").json() == []
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "newsdesk.localhost:8000"):
            assert client.get("/api/stories", headers={"Host": host, "Sec-Fetch-Site": "none"}).status_code == 200
        assert client.get("/api/stories", headers={"Host": "rebind.evil.example"}).status_code == 200  # a script
        # listening beyond loopback, logins guard it: any name may be used
        remote = TestClient(create_app(store, local=False), base_url="http://news.example")
        assert remote.get("/login", headers={"Sec-Fetch-Site": "none"}).status_code == 200
