"""`extract`/`analyze`/`ingest` of a URL take the page's canonical address when it stays on the same
host (an AMP page names its article), as the monitor does; a canonical on another host is not trusted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, serve

from newsdesk.cli import cli
from newsdesk.extract import extract
from newsdesk.identity import article_id, canonical_url
from newsdesk.ingest.http import Fetcher
from newsdesk.monitor.checks import Item
from newsdesk.monitor.work import process
from newsdesk.settings import Settings
from newsdesk.types import Fetched

ENV = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}


def test_extract_analyze_and_ingest_of_an_amp_url_keep_its_same_host_canonical(tmp_path: Path) -> None:
    site = Site({"/amp/story-1": Page(article_page(1, canonical="/news/story-1?utm_source=amp")),
                 "/amp/story-2": Page(article_page(2, canonical="https://other.example.net/news/story-2")),
                 "/story-3": Page(article_page(3))})
    db = str(tmp_path / "news.db")
    with serve(site):
        urls = [site.url + path for path in ("/amp/story-1", "/amp/story-2", "/story-3")]
        extracted = CliRunner().invoke(cli, ["extract", "--jsonl", *urls], env=ENV)
        analyzed = CliRunner().invoke(cli, ["analyze", "--jsonl", urls[0]], env=ENV)
        stored = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--db", db, *urls], env=ENV)
    assert extracted.exit_code == analyzed.exit_code == stored.exit_code == 0, extracted.output + stored.output
    records = [json.loads(line) for line in extracted.stdout.splitlines()]
    expected = [site.url + "/news/story-1?utm_source=amp", urls[1], urls[2]]
    assert [r["url"] for r in records] == expected
    assert json.loads(analyzed.stdout)["url"] == expected[0]
    assert [r["id"] for r in records] == [article_id(url, r["text"]) for url, r in zip(expected, records, strict=True)]
    with sqlite3.connect(db) as con:
        assert sorted(con.execute("SELECT id, url FROM articles").fetchall()) == sorted(
            (r["id"], r["url"]) for r in records)


def test_the_extract_stage_and_the_monitor_take_the_same_address() -> None:
    page_url = "https://news.example.com/amp/a?x=1"
    settings = Settings.load(environ={})
    for link, wanted in (("/a", "https://news.example.com/a"), ("https://NEWS.example.com/b", None),
                         ("https://www.example.com/a", page_url), ("ftp://news.example.com/a", page_url),
                         ("http://[bad", page_url), (None, page_url)):
        html = article_page(1, canonical=link)
        page = Fetched(input=page_url, content=html, url=page_url, media_type="text/html")
        article = extract(page)
        with Fetcher(settings) as fetcher:  # the page is in hand: nothing is fetched
            monitored = process(Item(key=page_url, source_id=1, page=page), fetcher, settings)
        assert monitored.article is not None and monitored.article.url == canonical_url(article.url or "")
        if wanted is not None:
            assert article.url == wanted
    # a commented-out link is no canonical: the monitor's own pattern took it (both now read extract's)
    html = article_page(1).replace("<h1>", '<!-- <link rel="canonical" href="/draft"> --><h1>')
    page = Fetched(input=page_url, content=html, url=page_url, media_type="text/html")
    with Fetcher(settings) as fetcher:
        monitored = process(Item(key=page_url, source_id=1, page=page), fetcher, settings)
    assert monitored.article is not None and monitored.article.url == canonical_url(page_url)
