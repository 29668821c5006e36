"""Sitemaps (sitemaps.org) and Google News sitemaps to links, newest first.

Parsed with lxml without entity expansion, DTD loading or network access. A ``<urlset>`` gives
article links (with ``lastmod``, and a news sitemap's ``publication_date`` and ``title``); a
``<sitemapindex>`` gives more sitemaps to read.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..errors import InputError
from .listing import Link, Listing, http_link, listed_date, listed_text
from .xmlmend import declaration_first, mended, xml_problem


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _local(element: Any) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(element: Any, *path: str) -> str | None:
    """Text of the first descendant along ``path`` (local names, any namespace)."""
    for name in path:
        element = next((c for c in element if _local(c) == name), None)
        if element is None:
            return None
    text = (element.text or "").strip()
    return text or None


def parse_sitemap(body: bytes, url: str) -> Listing:
    body = declaration_first(body)
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        try:  # an HTML entity or a bare '&' in it, perhaps: mended, the sitemap reads
            root = etree.fromstring(mended(body), parser=_parser())
        except etree.XMLSyntaxError:
            raise InputError(f"not a well-formed sitemap ({xml_problem(exc)})", input=url) from None
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(f"not a sitemap (its root is <{kind}>)", input=url)
    entries: list[Link] = []
    for item in root:
        if _local(item) not in ("url", "sitemap"):
            continue
        link = http_link(_child_text(item, "loc"), url)
        if link is None:
            continue
        published = _child_text(item, "news", "publication_date")
        lastmod = _child_text(item, "lastmod")
        entries.append(Link(link, listed_text(_child_text(item, "news", "title")),
                            listed_date(published) or listed_date(lastmod), lastmod or published))
    entries.sort(key=lambda e: e.published or "", reverse=True)  # newest first: they are fetched first
    if kind == "sitemapindex":
        return Listing("sitemapindex", None, (), tuple(entries))
    return Listing("sitemap", None, tuple(entries))
