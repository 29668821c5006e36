"""The one root-element pattern (newsdesk.xmlroot) that routes a listing fetched over HTTP and refuses a
listing given as a page: a byte-order mark before ``<?xml`` is read past, as lxml and feedparser read
past it, and no prolog costs more than linear time."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_monitor_support import Page, Site, article_page, loopback_settings, serve

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.extract.detect import listing_kind
from newsdesk.ingest.feeds import parse_listing
from newsdesk.monitor import Monitor
from newsdesk.store import open_store
from newsdesk.xmlroot import root_name, root_name_of

BASE = "https://news.example.com/listing.xml"
SITEMAP = """<?xml version="1.0" encoding="{enc}"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/a/1</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>{base}/a/2</loc><lastmod>2024-05-02</lastmod></url>
</urlset>"""
RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>Harbour News</title>
<item><title>One</title><link>{base}/a/1</link></item>
<item><title>Two</title><link>{base}/a/2</link></item>
</channel></rss>"""
BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def _bommed(template: str, codec: str, base: str = "https://news.example.com") -> bytes:
    declared = "UTF-8" if codec == "utf-8" else "UTF-16"
    return BOMS[codec] + template.format(enc=declared, base=base).encode(codec)


@pytest.mark.parametrize("codec", list(BOMS))
def test_a_listing_after_a_byte_order_mark_is_routed_by_its_root(codec: str) -> None:
    sitemap = parse_listing(_bommed(SITEMAP, codec), BASE, 1_000_000)  # was "not a feed or a sitemap"
    assert sitemap.format == "sitemap" and [link.url for link in sitemap.links] == [
        "https://news.example.com/a/2", "https://news.example.com/a/1"]
    feed = parse_listing(_bommed(RSS, codec), BASE, 1_000_000)
    assert (feed.format, feed.title, len(feed.links)) == ("rss20", "Harbour News", 2)
    page = BOMS[codec] + "<!doctype html><html><body><p>Hello</p></body></html>".encode(codec)
    with pytest.raises(InputError, match="an HTML page, not a feed or a sitemap"):
        parse_listing(page, BASE, 1_000_000)


@pytest.mark.parametrize(("doc", "want"), [
    ('<?xml version="1.0"?>\n<!-- generated --><?xml-stylesheet href="s.xsl"?>\n<rss version="2.0">', "rss"),
    ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n "http://my.netscape.com/rss-0.91.dtd">'
     "<rss>", "rss"),
    ('<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY e "]>"><!-- ] -->]><urlset>', "urlset"),  # ']>' in a value
    ("\n\t <rdf:RDF xmlns:rdf='x'>", "rdf"), ("<!doctype html><HTML lang=en>", "html"),
    ("plain text <rss>", None), ("<!-- unclosed <rss>", None), ("", None)])
def test_text_and_bytes_find_the_same_root(doc: str, want: str | None) -> None:
    assert root_name(doc) == root_name("\ufeff" + doc) == want
    assert root_name_of(doc.encode()) == root_name_of(codecs.BOM_UTF8 + doc.encode()) == want
    assert root_name_of(codecs.BOM_UTF16_BE + doc.encode("utf-16-be")) == want


HOSTILE = [
    "<!DOCTYPE" + " " * 65_520,  # 9 s before the possessive quantifiers
    "<!---->" * 40 + "<!--",  # each comment could end at any later '-->': exponential, minutes at 30
    "<??>" * 40 + "<?",
    "<!DOCTYPE x [" + "<!--" * 16_000,  # an unclosed comment in the internal subset, read again at each '<'
    "<!DOCTYPE x [" + "] " * 32_000,
    "<!DOCTYPE x [" + '"' + " " * 65_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_prolog_costs_more_than_linear_time(text: str) -> None:
    started = time.process_time()
    assert listing_kind(text) is None
    assert root_name_of(text.encode()) is None and root_name_of(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) is None
    with pytest.raises(InputError):
        parse_listing(text.encode(), BASE, 1_000_000)
    assert time.process_time() - started < 1.0


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NEWSDESK_DB": ""})


@pytest.mark.parametrize(("template", "kind"), [(SITEMAP, "sitemap"), (RSS, "feed")])
def test_a_bommed_local_listing_is_refused_as_a_page_and_as_a_source(tmp_path: Path, template: str,
                                                                     kind: str) -> None:
    path = tmp_path / "listing.xml"
    path.write_bytes(_bommed(template, "utf-8"))
    extracted = _cli("extract", str(path))
    assert extracted.exit_code == 1
    assert extracted.stderr == f"newsdesk: error: {path}: a {kind}, not a page: add it with `newsdesk source add`\n"
    added = _cli("source", "add", "--db", str(tmp_path / "n.db"), str(path))
    assert added.exit_code == 1
    assert f"{path}: a {kind} file: newsdesk reads a {kind} from its http(s) URL" in added.stderr


def test_the_monitor_follows_bommed_listings_served_over_http(tmp_path: Path) -> None:
    site = Site({f"/a/{n}": Page(article_page(n)) for n in (1, 2)} | {f"/b/{n}": Page(article_page(n + 10))
                                                                     for n in (1, 2)})
    with serve(site):
        site.routes["/sitemap.xml"] = Page(_bommed(SITEMAP, "utf-8", site.url), type="application/xml")
        site.routes["/feed.xml"] = Page(_bommed(RSS, "utf-8", site.url).replace(b"/a/", b"/b/"),
                                        type="application/rss+xml")
        site.routes["/sitemap16.xml"] = Page(_bommed(SITEMAP, "utf-16-le", site.url), type="application/xml")
        with open_store(str(tmp_path / "n.db")) as store:
            for path in ("/sitemap.xml", "/feed.xml", "/sitemap16.xml"):
                store.add_source(site.url + path)
            report = Monitor(store, loopback_settings(check_interval=1e-6)).run_once()
            assert [s.last_error for s in store.list_sources()] == [None, None, None]
            assert (report.sources_failed, report.stored, report.failed) == (0, 4, 0)
    assert sorted(p for p in site.paths() if p.startswith(("/a/", "/b/"))) == ["/a/1", "/a/2", "/b/1", "/b/2"]
