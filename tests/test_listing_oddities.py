"""Feeds and sitemaps as sites serve them: a feed with no items yet, a podcast feed of enclosures,
blank lines before a sitemap's XML declaration, HTML entities and bare '&'s in a sitemap."""

from __future__ import annotations

import gzip

import pytest

from newsdesk.errors import InputError
from newsdesk.ingest.feeds import parse_listing

FEED = "https://news.example.com/feed"
SITEMAP = "https://news.example.com/sitemap-news.xml"
NS = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
      ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
      ' xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"')


@pytest.mark.parametrize("body", [
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>New desk</title></channel></rss>',
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>New desk</title></feed>',
    '<rss version="2.0"><channel><title>New desk</title><item><title>Episode 1</title>'
    '<enclosure url="https://news.example.com/1.mp3" type="audio/mpeg" length="1"/></item></channel></rss>',
])
def test_a_feed_without_article_links_is_an_empty_listing_not_a_broken_feed(body: str) -> None:
    """It said "a broken feed (no Content-type specified)": feedparser's note that no Content-Type
    came with the bytes, taken for damage, so a new feed's source showed an error until its first item."""
    listing = parse_listing(body.encode(), FEED, 1_000_000)
    assert (listing.title, listing.links) == ("New desk", ())


def test_a_feed_cut_short_is_still_broken() -> None:
    with pytest.raises(InputError, match="a broken feed"):
        parse_listing(b"<?xml version='1.0'?><rss><channel><item><link>", FEED, 1_000_000)


def test_a_news_sitemap_with_blank_lines_first_entities_and_bare_ampersands_is_read() -> None:
    body = ("\r\n\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<urlset {NS}>"
            "<url><loc>https://news.example.com/a?id=1&section=2</loc>"
            "<image:image><image:loc>https://img.example.com/a.jpg</image:loc><image:title>Pier</image:title></image:image>"
            "<video:video><video:title>Clip</video:title><video:publication_date>2024-05-01T10:00:00+00:00"
            "</video:publication_date></video:video>"
            "<news:news><news:publication><news:name>Ex</news:name><news:language>fr</news:language></news:publication>"
            "<news:publication_date>2024-05-02T10:00:00+00:00</news:publication_date>"
            "<news:title>Caf&eacute;&nbsp;d&eacute;bat &amp; vote &lt;live&gt;</news:title></news:news></url>"
            "<url><loc>https://news.example.com/b</loc><lastmod>2024-05-01</lastmod></url></urlset>").encode()
    for served in (body, b"\xef\xbb\xbf" + body, gzip.compress(body)):
        listing = parse_listing(served, SITEMAP, 1_000_000)
        assert [(link.url, link.title, link.published) for link in listing.links] == [
            ("https://news.example.com/a?id=1&section=2", "Caf\u00e9\u00a0d\u00e9bat & vote <live>",
             "2024-05-02T10:00:00+00:00"),
            ("https://news.example.com/b", None, "2024-05-01")]


def test_a_sitemap_that_is_no_xml_still_says_so() -> None:
    with pytest.raises(InputError, match="not a well-formed sitemap"):
        parse_listing(f"<urlset {NS}><url><loc>https://news.example.com/a</loc></url>".encode(), SITEMAP, 1_000_000)


def test_an_opml_export_as_readers_and_scripts_write_it_is_read() -> None:
    """Blank lines before the declaration, an &nbsp; in a title, a bare '&' in an address, upper-case
    element names or OPML 2.0's namespace: each refused the whole file ("not well-formed OPML", "lists no feeds")."""
    from newsdesk.ingest.opml import Outline, read_opml

    wanted = [Outline("https://a.example/feed?x=1&y=2", "feed", "Caf\u00e9\u00a0news")]
    for data in ('\n\n<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><body><outline text="News">'
                 '<outline type="rss" text="Caf&eacute;&nbsp;news" xmlUrl="https://a.example/feed?x=1&y=2"/>'
                 '</outline></body></opml>',
                 '<OPML version="1.0"><BODY><OUTLINE type="rss" text="Caf\u00e9\u00a0news" '
                 'xmlUrl="https://a.example/feed?x=1&amp;y=2"/></BODY></OPML>',
                 '<opml version="2.0" xmlns="http://opml.org/spec2"><body><outline text="Caf\u00e9\u00a0news" '
                 'xmlUrl="https://a.example/feed?x=1&amp;y=2"/></body></opml>'):
        assert read_opml(data.encode(), "subs.opml") == wanted
    with pytest.raises(InputError, match="not well-formed OPML"):
        read_opml(b"<opml><body><outline", "subs.opml")


def test_a_text_sitemap_gives_its_links() -> None:
    """sitemaps.org's text format (one URL a line) was "not a feed or a sitemap"."""
    body = b"\xef\xbb\xbfhttps://news.example.com/a\r\nhttps://news.example.com/b?x=1\n\nhttps://news.example.com/a\n"
    listing = parse_listing(body, "https://news.example.com/sitemap.txt", 1_000_000)
    assert (listing.format, [link.url for link in listing.links]) == (
        "sitemap", ["https://news.example.com/a", "https://news.example.com/b?x=1"])
    with pytest.raises(InputError, match="not a feed or a sitemap"):  # prose with a link in it is no sitemap
        parse_listing(b"Our sitemap moved:\nhttps://news.example.com/sitemap.xml\n", SITEMAP, 1_000_000)
