"""The shortcut for plain absolute links (feeds of tens of thousands of items spent most of their time
resolving links that were absolute already) gives exactly what resolving them gives."""

from __future__ import annotations

import itertools
from urllib.parse import urljoin

from feedparser.urls import _urljoin  # type: ignore[import-untyped,unused-ignore]

from newsdesk.ingest.listing import http_link, plain_url

BASES = ["https://news.example.com/feeds/all.xml", "http://news.example.com/", "file:///srv/feeds/x.xml", ""]
STARTS = ["https://", "http://", "HTTPS://", "ftp://", "//", "", "http:///", " https://"]
HOSTS = ["news.example.com", "News.Example.COM", "e.com:8080", "e.com:99999", "user:pw@e.com", "[::1]", "ex ample.com",
         "éxample.com", "e.com.", "-", ""]
TAILS = ["", "/", "/a/b", "/a/../b", "/a;p", "/a b", "/a\tb", "?", "?x=1&y=2", "?q=a;b", "#", "#frag", "/a?#",
         "/s/1?utm_source=rss#top", "/ü", "/%7Euser/", "/a?b=c?d", "\n", "/a//b"]


def test_a_plain_url_is_what_resolving_it_gives() -> None:
    plain = 0
    for start, host, tail in itertools.product(STARTS, HOSTS, TAILS):
        url = start + host + tail
        if not plain_url(url):
            continue
        plain += 1
        for base in BASES:
            assert urljoin(base, url) == url and _urljoin(base, url) == url, (base, url)
        assert http_link(url, BASES[0]) == url
    assert plain > 40  # the common links take the shortcut


def test_links_that_are_not_plain_are_resolved_as_before() -> None:
    assert not plain_url("https://e.com:99999/a") and http_link("https://e.com:99999/a", BASES[0]) is None
    assert http_link("/2024/05/sea-wall?utm_source=rss", BASES[0]) == "https://news.example.com/2024/05/sea-wall" \
        "?utm_source=rss"
    assert http_link("https://e.com/a?", BASES[0]) == "https://e.com/a"
    assert http_link("HTTPS://E.com/a", BASES[0]) == "https://E.com/a"
    assert http_link("https://e.com/\x00", BASES[0]) is None
