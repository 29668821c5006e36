"""A feed's or sitemap's placeholder dates ("0001-01-01", "9999-12-31") were stored as articles'
publication dates: a year-9999 article kept its story first in every list, and `since:` filters
and the timeline took the year 1 for real. Now such a date counts as none, as a page's own does,
and the listing's other date (updated, lastmod) is taken instead when it is plausible."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, serve

from newsdesk.cli import cli

ENV = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8", "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_RESPECT_ROBOTS": "false"}


def _rss(base: str) -> str:
    items = [("/a/1", "Mon, 01 Jan 0001 00:00:00 GMT"), ("/a/2", "Fri, 31 Dec 9999 23:59:59 GMT"),
             ("/a/3", "Tue, 29 Mar 2022 14:05:00 GMT")]
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            + "".join(f"<item><title>{p}</title><link>{base}{p}</link><pubDate>{d}</pubDate></item>" for p, d in items)
            + "</channel></rss>")


def _atom(base: str) -> str:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id>'
            f'<entry><title>4</title><id>4</id><link href="{base}/a/4"/><published>0001-01-01T00:00:00Z</published>'
            "<updated>2022-03-30T08:00:00Z</updated></entry></feed>")


def _sitemap(base: str) -> str:
    return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{base}/a/5</loc><lastmod>2022-03-31</lastmod><news:news><news:publication_date>"
            "9999-12-31T00:00:00Z</news:publication_date></news:news></url></urlset>")


def test_placeholder_dates_of_listings_are_no_publication_dates(tmp_path: Path) -> None:
    site = Site({f"/a/{n}": Page(article_page(n)) for n in range(1, 6)})
    db = str(tmp_path / "n.db")
    with serve(site):
        site.routes["/feed.xml"] = Page(_rss(site.url), type="application/rss+xml")
        site.routes["/atom.xml"] = Page(_atom(site.url), type="application/atom+xml")
        site.routes["/news-sitemap.xml"] = Page(_sitemap(site.url), type="application/xml")
        runner = CliRunner()
        added = runner.invoke(cli, ["source", "add", "--db", db, *(site.url + p for p in
                                                                   ("/feed.xml", "/atom.xml", "/news-sitemap.xml"))])
        assert added.exit_code == 0, added.output
        ran = runner.invoke(cli, ["run", "--db", db, "--once", "--no-http", "--no-analyze", "--log-format", "json"],
                            env=ENV)
        assert ran.exit_code == 0, ran.output
    exported = CliRunner().invoke(cli, ["export", "--db", db])
    published = {r["url"].rsplit("/", 1)[1]: r["published"] for r in map(json.loads, exported.stdout.splitlines())}
    assert published == {"1": None, "2": None, "3": "2022-03-29T14:05:00+00:00",
                         "4": "2022-03-30T08:00:00+00:00", "5": "2022-03-31"}
