"""Feeds, sitemaps and OPML to links and sources: the formats, and what hostile input cannot do."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdesk.errors import InputError
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.opml import Outline, read_opml, write_opml

BASE = "https://news.example.com/feeds/all.xml"
CAP = 1_000_000

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>Sea wall</title><link>/2024/05/sea-wall?utm_source=rss</link>
  <pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Permalink guid</title><guid isPermaLink="true">https://news.example.com/2024/05/guid</guid></item>
<item><title>No link</title><description>nothing to fetch</description></item>
<item><title>Script</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2024-05-02T00:00:00Z</updated>
<entry><title>Harbour</title><id>urn:1</id><link rel="alternate" href="https://news.example.com/harbour"/>
  <published>2024-05-01T08:00:00+02:00</published><updated>2024-05-02T09:30:00Z</updated></entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example.com/"><title>RDF News</title><link>https://news.example.com/</link></channel>
<item rdf:about="https://news.example.com/rdf-1"><title>One</title><link>https://news.example.com/rdf-1</link></item>
</rdf:RDF>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/old</loc><lastmod>2024-04-01</lastmod></url>
<url><loc>https://news.example.com/new</loc>
  <news:news><news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2024-05-01T10:00:00+00:00</news:publication_date><news:title>New one</news:title></news:news>
</url>
<url><loc>ftp://news.example.com/file</loc></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemaps/a.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
<sitemap><loc>/sitemaps/b.xml</loc><lastmod>2024-05-03</lastmod></sitemap>
</sitemapindex>"""


def test_rss() -> None:
    listing = parse_listing(RSS.encode(), BASE, CAP)
    assert (listing.format, listing.title) == ("rss20", "Example News")
    assert [link.url for link in listing.links] == ["https://news.example.com/2024/05/sea-wall?utm_source=rss",
                                                     "https://news.example.com/2024/05/guid"]
    first = listing.links[0]
    assert (first.title, first.published, first.stamp) == ("Sea wall", "2024-05-01T10:00:00+00:00",
                                                           "Wed, 01 May 2024 10:00:00 GMT")


def test_atom_and_rdf() -> None:
    atom = parse_listing(ATOM.encode(), BASE, CAP)
    assert atom.format == "atom10" and atom.title == "Atom News"
    [entry] = atom.links
    assert (entry.url, entry.published, entry.stamp) == ("https://news.example.com/harbour",
                                                         "2024-05-01T08:00:00+02:00", "2024-05-02T09:30:00Z")
    rdf = parse_listing(RDF.encode(), BASE, CAP)
    assert rdf.format == "rss10" and [link.url for link in rdf.links] == ["https://news.example.com/rdf-1"]


def test_json_feed() -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON News",
            "items": [{"id": "1", "url": "/j/1", "title": "One", "date_published": "2024-05-01T10:00:00Z"},
                      {"id": "2", "external_url": "https://other.example.org/2", "date_modified": "2024-05-02"},
                      {"id": "3", "content_text": "no link"}, "junk"]}
    listing = parse_listing(json.dumps(feed).encode(), "https://news.example.com/feed.json", CAP)
    assert (listing.format, listing.title) == ("json", "JSON News")
    assert [(link.url, link.published) for link in listing.links] == [
        ("https://news.example.com/j/1", "2024-05-01T10:00:00+00:00"), ("https://other.example.org/2", None)]
    with pytest.raises(InputError, match="not a JSON Feed"):
        parse_listing(b'{"version": 1, "items": []}', BASE, CAP)


def test_sitemaps_newest_first_and_gzipped() -> None:
    listing = parse_listing(SITEMAP.encode(), "https://news.example.com/sitemap.xml", CAP)
    assert listing.format == "sitemap"
    assert [(link.url, link.title) for link in listing.links] == [("https://news.example.com/new", "New one"),
                                                                   ("https://news.example.com/old", None)]
    assert parse_listing(gzip.compress(SITEMAP.encode()), BASE, CAP) == listing
    index = parse_listing(INDEX.encode(), "https://news.example.com/sitemap_index.xml", CAP)
    assert index.links == () and [s.url for s in index.sitemaps] == ["https://news.example.com/sitemaps/b.xml",
                                                                      "https://news.example.com/sitemaps/a.xml"]


def test_what_is_not_a_feed() -> None:
    for body, reason in ((b"<html><body><p>A page</p></body></html>", "an HTML page"),
                         (b"just some words", "not a feed"),
                         (b"<urlset><url><loc>x</loc>", "not a well-formed sitemap"),
                         (b"{not json", "not valid JSON")):
        with pytest.raises(InputError, match=reason) as info:
            parse_listing(body, BASE, CAP)
        assert info.value.input == BASE
    with pytest.raises(InputError, match="larger than"):
        parse_listing(gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>"), BASE, CAP)


def test_hostile_xml_is_not_expanded() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "lol">{laughs}]>'
            '<urlset><url><loc>https://a.example/&l9;</loc></url></urlset>')
    for body in (bomb, bomb.replace("urlset", "rss")):  # the sitemap parser, then feedparser
        try:
            listing = parse_listing(body.encode(), BASE, CAP)
        except InputError as exc:
            assert "amplification" in exc.reason  # refused outright
        else:
            assert all("lollol" not in link.url for link in listing.links)
    external = ('<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<urlset><url><loc>https://a.example/&x;</loc></url></urlset>")
    assert all("root:" not in link.url for link in parse_listing(external.encode(), BASE, CAP).links)


def test_opml_round_trip() -> None:
    reader_export = b"""<?xml version="1.0"?><opml version="1.0"><head><title>My feeds</title></head><body>
      <outline text="News"><outline text="Example" type="rss" xmlUrl="https://news.example.com/rss"/>
        <outline text="Dup" type="rss" xmlurl="https://news.example.com/rss"/></outline>
      <outline text="Atom" type="rss" xmlUrl="https://other.example.org/atom.xml" title="Other"/>
      <outline text="Just a category"/></body></opml>"""
    assert read_opml(reader_export, "feeds.opml") == [Outline("https://news.example.com/rss", "feed", "Example"),
                                                      Outline("https://other.example.org/atom.xml", "feed", "Other")]
    ours = [Outline("https://news.example.com/rss", "feed", "Example"),
            Outline("https://news.example.com/sitemap.xml", "sitemap", None),
            Outline("/srv/archive/crawl.warc.gz", "warc", "Crawl")]
    written = write_opml(ours)
    assert b'type="rss"' in written and b'newsdeskKind="sitemap"' in written
    assert read_opml(written, "out.opml") == [Outline("https://news.example.com/rss", "feed", "Example"),
                                              Outline("https://news.example.com/sitemap.xml", "sitemap",
                                                      "https://news.example.com/sitemap.xml"),
                                              Outline("/srv/archive/crawl.warc.gz", "warc", "Crawl")]
    for bad, reason in ((b"<opml><body/></opml>", "lists no feeds"), (b"<rss/>", "not an OPML"),
                        (b"<opml", "not well-formed")):
        with pytest.raises(InputError, match=reason):
            read_opml(bad, "bad.opml")
