"""A listing (JSON Feed, feed, sitemap) whose text no database stores: a NUL, a lone surrogate. On
PostgreSQL the monitor's pass ended at the first such source ("PostgreSQL text fields cannot
contain NUL (0x00) bytes"), every other source unchecked; the listing's text is now fit to store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_monitor_support import Page, Site, article_page, loopback_settings, serve
from test_store_support import BACKENDS, store_on

from newsdesk.ingest.feeds import parse_listing
from newsdesk.monitor import Log, Monitor

FEED = {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour\u0000 News \ud800",
        "items": [{"url": "/s/1", "date_modified": "2024-05-01\u0000T10:00:00Z", "title": "One\u0000"},
                  {"url": "/s/2\u0000x"}, {"url": "/s/\ud800"}, {"url": "/s/3", "title": "Three \udfff"}]}


def test_a_listing_gives_text_fit_to_store() -> None:
    listing = parse_listing(json.dumps(FEED).encode(), "https://news.example.com/feed.json", 1_000_000)
    assert listing.title == "Harbour News \ufffd"
    assert [(link.url, link.title, link.stamp) for link in listing.links] == [
        ("https://news.example.com/s/1", "One", "2024-05-01T10:00:00Z"),
        ("https://news.example.com/s/3", "Three \ufffd", None)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_feed_holding_a_nul_is_followed_on_every_backend(tmp_path: Path, backend: str) -> None:
    site = Site({"/s/1": Page(article_page(1)), "/s/3": Page(article_page(3))})
    site.routes["/feed.json"] = Page(json.dumps(FEED), type="application/feed+json")
    with store_on(backend, tmp_path) as store, serve(site):
        source = store.add_source(site.url + "/feed.json")
        out = io.StringIO()
        report = Monitor(store, loopback_settings(check_interval=1e-6), log=Log(out)).run_once()
        assert (report.sources_failed, report.stored, report.failed) == (0, 2, 0), out.getvalue()
        checked = store.get_source(source.id)
        assert checked is not None and checked.title == "Harbour News \ufffd"
