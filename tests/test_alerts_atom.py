"""A watch's Atom feed as a feed reader sees it: the real app served on loopback beyond the no-login
default (a token), read with feedparser and lxml; each entry links somewhere a reader can open, also
for an article without an address (a text dump), and that link is the story's page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import feedparser
import httpx
from lxml import etree
from test_alerts_engine import quake
from test_web_support import serving

from newsdesk.alerts import atom
from newsdesk.alerts.access import Access
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app

A = "{http://www.w3.org/2005/Atom}"


def test_feed_entries_link_to_the_story_page_and_a_reader_with_a_token_reads_them(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        token = Access(alerts, local=False).new_token("reader")
        alerts.cursor()
        watch = alerts.add_watch("Ridgecrest earthquake", [Channel("atom")])
        desk = StoryDesk(store)
        dump = store.get(store.put(replace(quake(), url=None)).id)  # a text dump: no address of its own
        assert dump is not None
        story = desk.add(dump).story_id
        assert Alerter(store, alerts).step().alerts == 1
        with serving(create_app(store, local=False)) as base:
            url = f"{base}/api/watches/{watch.id}/atom"
            assert httpx.get(url).status_code == 401
            auth = {"Authorization": f"Bearer {token}"}
            raw = httpx.get(url, headers=auth)
            assert raw.headers["content-type"].startswith("application/atom+xml")
            root = etree.fromstring(raw.content)
            assert root.tag == f"{A}feed"
            for need in ("id", "title", "updated", "author"):
                assert root.find(f"{A}{need}") is not None, need
            [entry] = root.findall(f"{A}entry")
            # no <link> at all: a reader had nothing to open
            [link] = entry.findall(f"{A}link")
            assert link.get("rel") is None and link.get("href") == f"{base}/stories/{story}"
            parsed = feedparser.parse(raw.content)
            assert not parsed.bozo and parsed.entries[0].link == f"{base}/stories/{story}"
            link_path = parsed.entries[0].link.removeprefix(base)
        with serving(create_app(store)) as local:  # the pages log in by form: open the link on loopback
            page = httpx.get(local + link_path)
            assert page.status_code == 200 and "Earthquake shakes Ridgecrest" in page.text


def test_an_article_with_an_address_links_it_and_its_story_as_related() -> None:
    from newsdesk.alerts.records import Alert, AlertArticle, AlertStory, Reason, Watch

    watch = Watch("w1", "quake", (Channel("atom"),), "s")
    alert = Alert("a1", "w1", AlertStory("s42", "Quake"), AlertArticle("c1", "Quake", "https://a.example/q"),
                  Reason("quake", "A quake."), 1, "queued", "2024-05-01T10:00:00+00:00")
    doc = etree.fromstring(atom.feed(watch, [alert], "https://desk.example/news/api/watches/w1/atom?limit=5"))
    links = [(x.get("rel"), x.get("href")) for x in doc.find(f"{A}entry").findall(f"{A}link")]
    # a service under a path prefix keeps it
    assert links == [(None, "https://a.example/q"), ("related", "https://desk.example/news/stories/s42")]
