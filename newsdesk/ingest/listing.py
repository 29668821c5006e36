"""What a feed or a sitemap lists: links to articles, and (a sitemap index) more sitemaps."""

from __future__ import annotations

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


def http_link(url: object, base: str) -> str | None:
    """``url`` resolved against ``base`` when it is an http(s) URL; None for anything else."""
    if not url or not isinstance(url, str):
        return None
    try:
        full = urljoin(base, url.strip())
        parts = urlsplit(full)
        parts.port  # noqa: B018  (raises on a port past 65535)
    except ValueError:  # "http://[::1": one bad link costs itself, not the listing
        return None
    return full if parts.scheme in ("http", "https") and parts.hostname else None
