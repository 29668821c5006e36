"""A UTF-8 sitemap or feed with one stray byte (a CMS pasting a Latin-1 title): the sitemap failed
whole ("not a well-formed sitemap (Invalid bytes in character encoding …)") and so did a JSON
Feed ("not valid JSON"), every link in them lost; an RSS feed was read as Latin-1 ("CafÃ©").
Now the stray byte is a U+FFFD, as in a page, and the rest is read."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, serve

from newsdesk.cli import cli

ENV = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8", "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_RESPECT_ROBOTS": "false"}
STRAY = "Caf\u00e9".encode() + b" \xe9 "  # one byte that is no UTF-8, after a character that is


def _sitemap(base: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/a/1</loc></url><!-- STRAY --><url><loc>{base}/a/2</loc></url></urlset>"
            ).encode().replace(b"STRAY", STRAY + "\u2019 \u2014".encode())


def _json_feed(base: str) -> bytes:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "J STRAY \u2019",
            "items": [{"url": f"{base}/a/3", "title": "Three"}]}
    return json.dumps(feed, ensure_ascii=False).encode().replace(b"STRAY", STRAY)


def _rss(base: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\u00e9 \u2019 \u2014 '
            f"News</title><item><title>STRAY</title><link>{base}/a/4</link></item></channel></rss>"
            ).encode().replace(b"STRAY", STRAY)


def test_a_stray_byte_costs_a_listing_one_character(tmp_path: Path) -> None:
    site = Site({f"/a/{n}": Page(article_page(n)) for n in range(1, 5)})
    db = str(tmp_path / "n.db")
    with serve(site):
        site.routes["/news-sitemap.xml"] = Page(_sitemap(site.url), type="application/xml")
        site.routes["/feed.json"] = Page(_json_feed(site.url), type="application/feed+json")
        site.routes["/rss.xml"] = Page(_rss(site.url), type="application/rss+xml")
        runner = CliRunner()
        assert runner.invoke(cli, ["source", "add", "--db", db, *(site.url + p for p in
                                   ("/news-sitemap.xml", "/feed.json", "/rss.xml"))]).exit_code == 0
        ran = runner.invoke(cli, ["run", "--db", db, "--once", "--no-http", "--no-analyze", "--log-format", "json"],
                            env=ENV)
        assert ran.exit_code == 0, ran.output
    sources = [json.loads(line) for line in runner.invoke(cli, ["source", "list", "--db", db, "--jsonl"]).stdout
               .splitlines()]
    assert [s.get("last_error") for s in sources] == [None, None, None], sources
    titles = {s["url"].rsplit("/", 1)[1]: s.get("title") for s in sources}
    assert titles == {"news-sitemap.xml": None, "feed.json": "J Caf\u00e9 \ufffd  \u2019",
                      "rss.xml": "Caf\u00e9 \u2019 \u2014 News"}
    exported = runner.invoke(cli, ["export", "--db", db]).stdout.splitlines()
    assert sorted(json.loads(line)["url"].rsplit("/", 1)[1] for line in exported) == ["1", "2", "3", "4"]


def test_an_opml_file_with_a_stray_byte_is_imported(tmp_path: Path) -> None:
    """A feed reader's export with one stray byte was refused whole: "not well-formed OPML (Invalid bytes …)"."""
    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>' + STRAY
                     + "\u2019</title></head><body><outline text=\"A \u2014\" type=\"rss\" "
                       "xmlUrl=\"https://news.example.com/feed\"/></body></opml>".encode())
    result = CliRunner().invoke(cli, ["source", "import-opml", "--db", str(tmp_path / "n.db"), str(opml)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 added")
