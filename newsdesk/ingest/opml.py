"""OPML 2.0 subscription lists: read (any feed reader's export) and write (newsdesk's sources).

Feeds are ``<outline type="rss" xmlUrl=…>`` as every reader expects. Sources that are not feeds
(sitemaps, pages, folders, WARC files) are written as ``<outline type="link" url=…>`` with a
``newsdeskKind`` attribute, which other readers ignore and newsdesk reads back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from lxml import etree

from ..errors import InputError
from .xmlcharset import utf8_mended
from .xmlmend import declaration_first, mended, xml_problem

KINDS = ("feed", "sitemap", "page", "folder", "file", "warc")


@dataclass(frozen=True)
class Outline:
    url: str
    kind: str = "feed"
    title: str | None = None


def _attr(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.lower() == name.lower() and value.strip():
            return str(value).strip()
    return None


def _local(element: Any) -> str:
    """An element's name, in lower case and without its namespace ("" for a comment)."""
    return str(etree.QName(element).localname).lower() if isinstance(element.tag, str) else ""


def read_opml(data: bytes, name: str) -> list[Outline]:
    """Every source in an OPML file, nested categories included, in document order, once each."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    data = declaration_first(utf8_mended(data))
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        try:  # an HTML entity (&nbsp;) or a bare '&' in a title or address: mended, the file reads
            root = etree.fromstring(mended(data), parser=parser)
        except etree.XMLSyntaxError:
            raise InputError(f"not well-formed OPML ({xml_problem(exc)})", input=name) from None
    if _local(root) != "opml":
        raise InputError("not an OPML file (no <opml> root)", input=name)
    found: dict[str, Outline] = {}
    for outline in (e for e in root.iter() if _local(e) == "outline"):  # <OUTLINE>, a namespace: the same
        kind = _attr(outline, "newsdeskKind") or "feed"
        url = _attr(outline, "xmlUrl") if kind == "feed" else _attr(outline, "url") or _attr(outline, "xmlUrl")
        if url is None or kind not in KINDS:
            continue
        title = _attr(outline, "title") or _attr(outline, "text")
        found.setdefault(url, Outline(url, kind, title))
    if not found:
        raise InputError("OPML file lists no feeds", input=name)
    return list(found.values())


def write_opml(outlines: Iterable[Outline], title: str = "newsdesk sources") -> bytes:
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = etree.SubElement(root, "body")
    for outline in outlines:
        text = outline.title or outline.url
        if outline.kind == "feed":
            etree.SubElement(body, "outline", type="rss", text=text, title=text, xmlUrl=outline.url)
        else:
            etree.SubElement(body, "outline", type="link", text=text, title=text, url=outline.url,
                             newsdeskKind=outline.kind)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
