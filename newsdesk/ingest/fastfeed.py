"""The common feed, read fast: RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) as feedparser reads them, in linear time.

feedparser spends about half a millisecond on each item (its SAX handlers, URL joins and deep copies
run for every element): a feed of 20,000 items took 9 s. lxml builds the tree in a small part of that,
and the few fields newsdesk takes of an entry (link, title, guid, dates) are worked out here by
feedparser's own rules: which element wins, whitespace, links resolved against the feed's URL, the
guid that is a link, UTF-8 read as Latin-1 mended, cp1252 code points mapped, dates parsed by
feedparser's parser. Anything else feedparser gives a meaning to, or that is not plain (a DOCTYPE,
a base URL, markup in a title, a nested item, an element handled by rules not worked out here), makes
:func:`fast_feed` return None, and feedparser reads the feed, as before.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re
from dataclasses import dataclass
from typing import Any

from feedparser.api import StrictFeedParser  # type: ignore[import-untyped,unused-ignore]
from feedparser.datetimes import _parse_date  # type: ignore[import-untyped,unused-ignore]
from feedparser.encodings import RE_XML_PI_ENCODING  # type: ignore[import-untyped,unused-ignore]
from feedparser.html import _cp1252  # type: ignore[import-untyped,unused-ignore]
from feedparser.urls import _urljoin, make_safe_absolute_uri  # type: ignore[import-untyped,unused-ignore]
from lxml import etree

from .listing import plain_url

ATOM = "http://www.w3.org/2005/Atom"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}
_KNOWN = {uri.lower(): prefix for uri, prefix in StrictFeedParser.namespaces.items()}
_PUBLISHED = frozenset({"pubdate", "published", "issued", "dcterms_issued"})
_UPDATED = frozenset({"updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"})
_FIELDS = frozenset({"title", "link", "guid", "id", "feedburner_origlink", "source"}) | _PUBLISHED | _UPDATED
# Content: feedparser keeps what is inside as text (unless it is XML of another kind), but it still
# calls the end handler of an element inside named as one of a feed's (a <title> in a description)
_CONTENT = frozenset({"description", "summary", "content", "content_encoded", "media_description", "rights"})
# Handled by feedparser, touching none of the fields above (they fill other keys)
_HARMLESS = frozenset({"category", "author", "contributor", "name", "email", "uri", "url", "dc_creator", "dc_subject",
                       "enclosure", "media_content", "media_thumbnail", "media_credit", "media_group",
                       "media_category", "media_keywords", "media_rating", "media_player", "media_license",
                       "created", "dcterms_created", "expirationdate"})
_TEXT_TYPES = frozenset({"text/plain", "text/html"})  # kept as they are (an xhtml title's text is escaped)
_AMP_REF = re.compile(r"&([A-Za-z0-9_]+);")


@dataclass(frozen=True)
class Parsed:
    """A feed as feedparser gives it, as far as newsdesk reads it: each entry holds ``link``,
    ``title``, ``id``, ``guidislink``, ``feedburner_origlink``, ``published``, ``published_parsed``,
    ``updated`` and ``updated_parsed`` where feedparser would set them."""

    version: str
    title: str | None
    entries: tuple[dict[str, Any], ...]
    broken: str | None = None  # what feedparser found wrong (its bozo exception), if anything


_BASE = re.compile(rb"base\s*=")  # XML allows space around "=" (xml:base ="...")


class _NotPlainError(Exception):
    """Something feedparser reads by rules not worked out here: feedparser reads this feed."""


def fast_feed(body: bytes, url: str) -> Parsed | None:
    """The feed as feedparser would give it; None when feedparser must read it (or it lists nothing)."""
    if _BASE.search(body):  # xml:base, or any base attribute: feedparser resolves links against it
        return None
    data = body.removeprefix(codecs.BOM_UTF8)
    match = RE_XML_PI_ENCODING.match(data)
    declared = match.group(1).decode("utf-8", "replace").lower() if match else ""
    if declared not in ("utf-8", "utf8", "", "iso-8859-1") or not data.startswith(b"<"):
        return None  # feedparser converts other encodings (and sniffs UTF-16 and UTF-32) itself
    # As feedparser reads it: declared UTF-8 as UTF-8, else as Latin-1 (what it takes when no
    # Content-Type names a charset), each text then decoded as UTF-8 where it is (see _text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True,
                             encoding="utf-8" if declared.startswith("utf") else "iso-8859-1")
    try:
        root = etree.fromstring(data, parser=parser)
        if root.getroottree().docinfo.doctype:
            return None  # feedparser takes entities from a DOCTYPE
        parsed = _Reader(url).read(root)
    except (etree.XMLSyntaxError, ValueError, _NotPlainError):
        return None
    return parsed if parsed.entries else None  # none: feedparser says whether it is broken


def _name(element: Any) -> str:
    """The name feedparser gives an element: its namespace's usual prefix, '_', its local name, in lower case."""
    tag = element.tag
    if not isinstance(tag, str):
        raise _NotPlainError("an entity or other node")
    return _canonical(tag, element.prefix) if tag[:1] == "{" else tag.lower()


@functools.lru_cache(maxsize=4096)  # a feed has a few dozen names; bounded, as names come from feeds
def _canonical(tag: str, prefix: str | None) -> str:
    if not tag.startswith("{"):
        return tag.lower()
    uri, _, local = tag[1:].partition("}")
    lower = uri.lower()
    if "backend.userland.com/rss" in lower:
        lower = "http://backend.userland.com/rss"
    known = _KNOWN.get(lower, prefix or "")
    return f"{known}_{local.lower()}" if known else local.lower()


@functools.lru_cache(maxsize=4096)
def _handled(name: str) -> bool:
    return hasattr(StrictFeedParser, "_start_" + name) or hasattr(StrictFeedParser, "_end_" + name)


def _attrs(element: Any) -> dict[str, str]:
    return {str(key).lower(): value for key, value in element.attrib.items()}


def _text(element: Any, base: str | None = None) -> str:
    """An element's text as feedparser's ``pop`` leaves it: ``base``, for a link, resolves it against
    the feed's URL; text that encodes to Latin-1 as valid UTF-8 is decoded as UTF-8 (feedparser does
    so to every text: it undoes reading a feed as Latin-1, and mends UTF-8 once read as Latin-1)."""
    if len(element):
        raise _NotPlainError("elements where text was expected")
    output = (element.text or "").strip()
    if base is not None and output and not plain_url(output):
        output = _urljoin(base, output)
    if output.isascii():  # neither step below changes ASCII
        return output
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        output = output.encode("iso-8859-1").decode("utf-8")
    return str(output.translate(_cp1252))


def _text_type(element: Any, default: str) -> None:
    attrs = _attrs(element)
    if set(attrs) - {"type"} or StrictFeedParser.map_content_type(attrs.get("type", default)) not in _TEXT_TYPES:
        raise _NotPlainError("markup or an encoding in a title")


class _Reader:
    def __init__(self, url: str) -> None:
        base = make_safe_absolute_uri("", url) or url
        for _ in range(3):  # what each element's start makes of it, to its fixed point
            base = make_safe_absolute_uri(base, base) or base
        self.base = base

    def read(self, root: Any) -> Parsed:
        if root.tag == "rss":
            if RSS10 in root.nsmap.values() or root.nsmap.get(None) == RSS090:
                raise _NotPlainError("another version declared")  # feedparser keeps the one declared first
            version = root.get("version", "")
            channels = list(root)
            if len(channels) != 1 or channels[0].tag != "channel":
                raise _NotPlainError("not one channel")
            name = RSS_VERSIONS.get(version) or ("rss20" if version.startswith("2.") else "rss")
            return self._feed(name, channels[0], "item", 3, "text/plain")
        if root.tag == f"{{{ATOM}}}feed":
            if {RSS10, RSS090} & set(root.nsmap.values()):
                raise _NotPlainError("another version declared")
            return self._feed("atom10", root, f"{{{ATOM}}}entry", 2, "text")
        if root.tag == f"{{{RDF}}}RDF" and root.nsmap.get(None) == RSS10 and ATOM not in root.nsmap.values():
            children = list(root)
            if [c.tag for c in children if c.tag != f"{{{RSS10}}}item"][:1] != [f"{{{RSS10}}}channel"]:
                raise _NotPlainError("no channel first")
            channel = children[0]
            if channel.tag != f"{{{RSS10}}}channel":
                raise _NotPlainError("items before the channel")
            title = self._feed("", channel, None, 3, "text/plain").title
            entries = []
            for child in children[1:]:
                if child.tag == f"{{{RSS10}}}item":
                    entries.append(self._entry(child, "text/plain"))
                elif _name(child) in ("channel", "image", "textinput") or self._nested_items(child):
                    raise _NotPlainError("more than items after the channel")
            return Parsed("rss10", title, tuple(entries))
        raise _NotPlainError("another kind of feed")

    @staticmethod
    def _nested_items(element: Any) -> bool:
        return any(_name(e) in ("item", "entry", "source") for e in element.iter())

    def _feed(self, version: str, feed: Any, item_tag: str | None, depth: int, title_type: str) -> Parsed:
        """A channel (RSS) or feed (Atom): its title, and its items. feedparser keeps a title unless one
        not empty came before it at its depth or above (an item's title is deeper: it then counts none)."""
        title, title_depth, entries = None, -1, []
        for child in feed:
            name = _name(child)
            if item_tag is not None and child.tag == item_tag:
                entries.append(self._entry(child, title_type))
                title_depth = -1  # an item starts it again, and its titles are deeper
            elif name in ("image", "textinput"):  # the same, for the feed's image and text input
                if self._nested_items(child):
                    raise _NotPlainError("items in an image")
                title_depth = -1
            elif name == "title":
                _text_type(child, title_type)
                if -1 < title_depth <= depth:
                    continue
                title = _text(child)
                title_depth = depth if title else title_depth
            elif name in ("item", "entry", "dc_title", "media_title", "source"):
                raise _NotPlainError(f"<{name}> in the feed")
            elif self._nested_items(child):
                raise _NotPlainError("items elsewhere")
        return Parsed(version, title, tuple(entries))

    def _entry(self, item: Any, title_type: str) -> dict[str, Any]:
        if item.keys() and {"lastmod", "href"} & set(_attrs(item)):
            raise _NotPlainError("an item's lastmod or href")  # feedparser reads those as dates and links
        about = item.get(f"{{{RDF}}}about")
        entry: dict[str, Any] = {"id": about} if about else {}
        title_set = False
        for child in item:
            name = _name(child)
            if name == "title":
                _text_type(child, title_type)
                if not title_set:  # the first title not empty wins
                    entry["title"] = _text(child)
                    title_set = bool(entry["title"])
            elif name == "link":
                self._link(child, entry)
            elif name in ("guid", "id"):
                attrs = _attrs(child)
                if set(attrs) - {"ispermalink"}:
                    raise _NotPlainError("a guid's attributes")
                is_link = attrs.get("ispermalink", "true") == "true"
                entry["id"] = _text(child, self.base if is_link else None)
                entry.setdefault("guidislink", is_link and "link" not in entry)
                if is_link:
                    entry.setdefault("link", entry["id"])
            elif name in _PUBLISHED or name in _UPDATED:
                key = "published" if name in _PUBLISHED else "updated"
                if child.attrib:
                    raise _NotPlainError("a date's attributes")
                entry[key] = _text(child)
                entry[key + "_parsed"] = _parse_date(entry[key])
            elif name == "feedburner_origlink":
                if child.attrib:
                    raise _NotPlainError("attributes")
                entry[name] = _text(child)
            elif name == "source":
                if len(child):
                    raise _NotPlainError("a source with elements")
                title_set = False  # feedparser starts its title depth again
            elif name in _CONTENT:
                kind = StrictFeedParser.map_content_type(_attrs(child).get("type", "text/html"))
                if len(child) and kind.endswith("xml") and kind != "application/xhtml+xml":
                    raise _NotPlainError("XML content")  # its elements would be handled
                if len(child) and any(_handled(_name(inner)) for inner in child.iterdescendants()):
                    raise _NotPlainError("markup in content named as feed elements")  # their end is handled
            elif _handled(name) and name not in _HARMLESS:
                raise _NotPlainError(f"<{name}> in an item")
            elif len(child):
                for inner in child.iterdescendants():
                    inner_name = _name(inner)
                    if inner_name in _FIELDS or (_handled(inner_name) and inner_name not in _HARMLESS):
                        raise _NotPlainError(f"<{inner_name}> nested in an item")
        return entry

    def _link(self, element: Any, entry: dict[str, Any]) -> None:
        """RSS: the link's text; Atom: an alternate HTML link's href (the last one)."""
        attrs = _attrs(element)
        if "href" not in attrs:
            if attrs:
                raise _NotPlainError("a link's attributes")
            value = _text(element, self.base)
            entry["link"] = _AMP_REF.sub(r"&\g<1>", value.replace("&amp;", "&"))
            return
        if len(element) or "url" in attrs or "uri" in attrs:
            raise _NotPlainError("a link with elements, or another kind of address")
        rel = attrs.get("rel", "alternate").lower()
        kind = attrs.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
        if rel == "alternate" and StrictFeedParser.map_content_type(kind) in StrictFeedParser.html_types:
            entry["link"] = _urljoin(self.base, attrs["href"])
