"""What a feed or a sitemap lists: links to articles, and (a sitemap index) more sitemaps."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit


@dataclass(frozen=True)
class Link:
    """A link to an article. ``stamp`` tells a changed article (the feed's updated date, lastmod)."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO-8601, as the listing gives it
    stamp: str | None = None


@dataclass(frozen=True)
class Listing:
    format: str  # rss20, atom10, rss10 (RDF), json, sitemap, sitemapindex, …
    title: str | None
    links: tuple[Link, ...]
    sitemaps: tuple[Link, ...] = ()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # no database stores a NUL; no UTF-8 holds a lone surrogate


def listed_text(value: object) -> str | None:
    """A title or date stamp a listing gives, fit to store: NULs dropped and lone surrogates replaced
    (a JSON feed may hold both; PostgreSQL refused the NUL and the pass of every source ended there)."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return _UNSTORABLE.sub(lambda m: "" if m[0] == "\x00" else "\ufffd", text)


def listed_date(value: str | None) -> str | None:
    """A listing's publication date, or None when its year is no news date: placeholders
    ("0001-01-01") and far-future ones ("9999-12-31", which kept its story first in every list),
    by the rule a page's own date follows (extract/htmlmeta.py). A date that is not ISO passes,
    for the reader to refuse."""
    if not value or not value[:4].isdigit():
        return value or None
    return value if 1990 <= int(value[:4]) <= dt.date.today().year + 1 else None


# An absolute http(s) URL in plain ASCII that resolving against any base leaves as it is (urljoin
# parses and unparses it: no space or control character, no user, port or [IPv6] host, no ';' in
# the path, no empty query or fragment). Most of a feed's links: each skips three parses (~40 µs).
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~%!$&'()*+,=:@/-]*)?"
                        r"(?:\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]+)?(?:#[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]+)?")


def plain_url(url: str) -> bool:
    """Whether ``url`` is absolute and plain: joined to any http(s) base it stays as it is."""
    return _PLAIN_URL.fullmatch(url) is not None


def http_link(url: object, base: str) -> str | None:
    """``url`` resolved against ``base`` when it is an http(s) URL; None for anything else (one holding
    a NUL or a lone surrogate, which no database stores, is no address)."""
    if not url or not isinstance(url, str):
        return None
    if plain_url(url):
        return url
    if _UNSTORABLE.search(url):
        return None
    try:
        full = urljoin(base, url.strip())
        parts = urlsplit(full)
        parts.port  # noqa: B018  (raises on a port past 65535)
    except ValueError:  # "http://[::1": one bad link costs itself, not the listing
        return None
    return full if parts.scheme in ("http", "https") and parts.hostname else None
