"""Sitemaps (sitemaps.org) and Google News sitemaps to links, newest first.

Parsed with lxml without entity expansion, DTD loading or network access. A ``<urlset>`` gives
article links (with ``lastmod``, and a news sitemap's ``publication_date`` and ``title``); a
``<sitemapindex>`` gives more sitemaps to read.
"""

from __future__ import annotations

import codecs
import re
from html.entities import name2codepoint
from typing import Any

from lxml import etree

from ..errors import InputError
from .listing import Link, Listing, http_link, listed_date, listed_text


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


# An HTML entity XML does not know (&eacute;, &nbsp; in a news title, as CMSs write them), or a bare
# '&' in an address (?a=1&b=2): lxml refused the whole sitemap for one. XML's own five are kept.
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_BARE_AMPERSAND = re.compile(rb"&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _mended(body: bytes) -> bytes:
    """The sitemap with HTML entities written as the characters they name, bare '&'s escaped."""
    def character(match: re.Match[bytes]) -> bytes:
        name = match[1]
        point = name2codepoint.get(name.decode("ascii"))
        if name in _XML_ENTITIES or point is None:
            return match[0]
        return f"&#{point};".encode("ascii")

    return _ENTITY.sub(character, _BARE_AMPERSAND.sub(b"&amp;", body))


def _declaration_first(body: bytes) -> bytes:
    """The sitemap without the blank lines some CMS plugins print before its XML declaration (lxml
    allows the declaration only at the very start: "XML declaration allowed only at the start")."""
    bom = codecs.BOM_UTF8 if body.startswith(codecs.BOM_UTF8) else b""
    rest = body[len(bom):].lstrip(b" \t\r\n")
    return bom + rest if rest.startswith(b"<?xml") else body


def parse_sitemap(body: bytes, url: str) -> Listing:
    body = _declaration_first(body)
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        try:  # an HTML entity or a bare '&' in it, perhaps: mended, the sitemap reads
            root = etree.fromstring(_mended(body), parser=_parser())
        except etree.XMLSyntaxError:
            raise InputError(f"not a well-formed sitemap ({exc})", input=url) from None
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
