"""Feeds and sitemaps to links: RSS, Atom and RDF (feedparser), JSON Feed, sitemaps (:mod:`.sitemaps`).

:func:`parse_listing` tells them apart by their content, not by what the server or the user
called them, so a source added as a feed that turns out to be a sitemap still works. Only
http(s) links are kept, resolved against the listing's URL.
"""

from __future__ import annotations

import calendar
import codecs
import json
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from ..errors import InputError
from ..xmlroot import root_name_of
from .decode import GZIP_MAGIC, codec_name, inflate, mostly_utf8
from .fastfeed import Parsed, fast_feed
from .listing import Link, Listing, http_link, listed_date, listed_text
from .sitemaps import parse_sitemap
from .xmlcharset import utf8_mended


def parse_listing(body: bytes, url: str, max_bytes: int, charset: str | None = None) -> Listing:
    """Parse a feed or sitemap fetched from ``url``; InputError (naming it) when it is neither.

    ``charset``: the one the server named (``Content-Type: …; charset=``), for a listing that does
    not say its own encoding and is no UTF-8."""
    if body.startswith(GZIP_MAGIC):  # sitemap.xml.gz served as a file, not as Content-Encoding
        body = inflate(body, max_bytes, url)
    body = utf8_mended(_as_served(body, charset))
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return _json_feed(body, url)
    if head not in (b"<", b""):
        text = _text_sitemap(body, url)
        if text is not None:
            return text
    root = root_name_of(body)  # past a byte-order mark: lxml and feedparser read one
    if root in ("urlset", "sitemapindex"):
        return parse_sitemap(body, url)
    if root == "html":
        raise InputError("an HTML page, not a feed or a sitemap (add a page with --kind page)", input=url)
    if root == "opml":  # it was "not a feed or a sitemap (no Content-type specified)": true, and no help
        raise InputError(f"an OPML list of feeds, not a feed (save it and add its feeds with {OPML_IMPORT})",
                         input=url)
    return _feed(body, url)


OPML_IMPORT = "`newsdesk source import-opml FILE`"
_DECLARES = re.compile(rb"""<\?xml[^>]*?encoding\s*=""")
_URL_LINE = re.compile(r"https?://\S+", re.IGNORECASE)


def _text_sitemap(body: bytes, url: str) -> Listing | None:
    """A sitemap in text (sitemaps.org: one URL a line, in UTF-8), or None when the body is not one: a
    sitemap.txt was "not a feed or a sitemap"."""
    lines = [line.strip() for line in body.decode("utf-8", "replace").lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    if not lines or not all(_URL_LINE.fullmatch(line) for line in lines):
        return None
    links = tuple(dict.fromkeys(link for line in lines if (link := http_link(line, url)) is not None))
    return Listing("sitemap", None, tuple(Link(link) for link in links)) if links else None


def _as_served(body: bytes, charset: str | None) -> bytes:
    """The listing in UTF-8 when it is in the server's ``charset`` by every sign: no byte-order mark, no
    encoding declared, and no UTF-8 (a feed in Shift_JIS served as such was read as cp1252, its
    titles mojibake). A declaration wins over the server (whose default charset is often wrong), and
    so do UTF-8 bytes, which a legacy encoding's text next to never makes."""
    if not charset or body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body
    if _DECLARES.search(body[:512]) or mostly_utf8(body):  # mostly_utf8: valid UTF-8, or nearly
        return body
    try:  # a Latin-1 label as Windows-1252, as browsers read it (0x92 was a control character, not a quote)
        codec = codec_name(charset)
    except LookupError:  # a charset Python does not know: read as before
        return body
    # a server's default "utf-8" on bytes that are none: utf8_mended reads them by their own signs
    return body if codec == "utf-8" else body.decode(codec, errors="replace").encode("utf-8")


def _iso(parsed: time.struct_time | None, written: object = None) -> str | None:
    """The date a feed's reader parsed (in UTC), with the offset the feed wrote it with when ``written``
    (its text) reads as the same moment: ``Tue, 29 Mar 2022 23:30:00 -0400`` is 2022-03-29T23:30:00-04:00,
    the outlet's own date, as a page's own date is kept (it was 2022-03-30T03:30:00+00:00)."""
    if parsed is None:
        return None
    try:
        seconds = calendar.timegm(parsed)
        moment = _with_offset(written)
        if moment is not None and abs(moment.timestamp() - seconds) < 1:
            return moment.isoformat()
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def _with_offset(written: object) -> datetime | None:
    """An RFC 822 or ISO 8601 date that names its offset, as written; None for any other."""
    if not isinstance(written, str) or not written.strip():
        return None
    text = written.strip()
    try:
        moment = (datetime.fromisoformat(text.replace("Z", "+00:00")) if text[:4].isdigit()
                  else parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else None


def _feed(body: bytes, url: str) -> Listing:
    quick = fast_feed(body, url)  # the same entries as feedparser's: see fastfeed
    listing = feed_listing(quick, url) if quick is not None else None
    if listing is None or not listing.links:  # feedparser says whether it is broken
        listing = feed_listing(read_feed(body, url), url)
    return listing


def feed_listing(parsed: Parsed, url: str) -> Listing:
    """The links of a feed's entries (http(s) only, resolved against ``url``)."""
    links = []
    for entry in parsed.entries:
        link = http_link(dict.get(entry, "feedburner_origlink") or dict.get(entry, "link"), url)
        if link is None and dict.get(entry, "guidislink"):
            link = http_link(dict.get(entry, "id"), url)
        if link is None:
            continue
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning
        published = (listed_date(_iso(dict.get(entry, "published_parsed"), dict.get(entry, "published")))
                     or listed_date(_iso(dict.get(entry, "updated_parsed"), dict.get(entry, "updated"))))
        stamp = dict.get(entry, "updated") or dict.get(entry, "published")
        title = listed_text(dict.get(entry, "title"))
        links.append(Link(link, title, published, listed_text(stamp) if stamp else None))
    if not links and parsed.broken is not None:  # a feed cut short or mangled, with nothing usable in it
        raise InputError(f"a broken feed ({parsed.broken})", input=url)
    return Listing(parsed.version or "feed", listed_text(parsed.title), tuple(links))


_NOT_BROKEN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
# feedparser spends some 50 µs on each element (twice over for a feed its strict parser gives up on), at
# any depth: 450 KB of <table><tr><td> served as a feed held a monitor worker for half a minute, 20 MB
# (max_input_bytes) would hold it for minutes. A podcast feed of 2,500 episodes has fewer; a plain feed
# of any size is read by fastfeed, never here. HTML in CDATA is text to feedparser: not counted.
MAX_LENIENT_ELEMENTS = 50_000
_ELEMENT = re.compile(rb"<[A-Za-z_]")
# An entity whose value names another entity (not a character reference, not one of XML's five): the
# billion laughs. expat expands it up to its amplification limit: 600 bytes gave feedparser 600,000
# pieces of text (seconds).
_NAMED = rb"&(?!#|(?:amp|lt|gt|quot|apos);)"
_ENTITY_OF_ENTITIES = re.compile(rb"<!ENTITY\s+(?:%\s*)?[^\s\"'>]+\s+"
                                 rb"(?:\"[^\"]*" + _NAMED + rb"|'[^']*" + _NAMED + rb")")
_CDATA = re.compile(rb"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.DOTALL)


def read_feed(body: bytes, url: str) -> Parsed:
    """The feed as feedparser reads it: any feed, well-formed or not, at about half a millisecond an item."""
    if b"<!ENTITY" in body and _ENTITY_OF_ENTITIES.search(body):
        raise InputError("an XML entity bomb (an entity made of other entities, for amplification)", input=url)
    elements = len(_ELEMENT.findall(_CDATA.sub(b"", body) if b"<![CDATA[" in body else body))
    if elements > MAX_LENIENT_ELEMENTS:
        raise InputError(f"not a plain RSS or Atom feed, and too big to read as any other ({elements} elements, "
                         f"at most {MAX_LENIENT_ELEMENTS})", input=url)
    try:  # Bytes, never a str: feedparser fetches a str that looks like a URL.
        parsed: Any = feedparser.parse(body, response_headers={"content-location": url}, sanitize_html=False,
                                       resolve_relative_uris=False)
    except (ValueError, TypeError, LookupError) as exc:
        # feedparser reports what is wrong as bozo_exception, but its own handlers can still fail: a namespace
        # URI holding an undecodable byte (\xed\xa0\x80) failed its unpacking of the element's name (ValueError)
        raise InputError(f"not a feed or a sitemap (unreadable: {type(exc).__name__}: {exc})", input=url) from None
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        if problem is None or isinstance(problem, _NOT_BROKEN):  # "no Content-type specified": none is passed
            root = root_name_of(body)
            problem = f"its root is <{root}>" if root else None
        raise InputError("not a feed or a sitemap" + (f" ({problem})" if problem else ""), input=url)
    problem = parsed.get("bozo_exception")
    # feedparser also flags a feed fetched without a Content-Type (newsdesk gives it none) and one whose
    # declared encoding it overrode: nothing wrong with the feed (an empty one said "a broken feed")
    broken = str(problem) if parsed.get("bozo") and not isinstance(problem, _NOT_BROKEN) else None
    return Parsed(parsed.get("version") or "", parsed.feed.get("title"), tuple(parsed.entries), broken)


def _json_feed(body: bytes, url: str) -> Listing:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", input=url) from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError("not a JSON Feed (JSON nested too deep)", input=url) from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise InputError("JSON, but not a JSON Feed (no jsonfeed.org version)", input=url)
    items = data.get("items")
    if not isinstance(items, list):
        raise InputError('a JSON Feed without "items"', input=url)
    links = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = http_link(item.get("url") or item.get("external_url"), url)
        if link is None:
            continue
        published = listed_date(_json_date(item.get("date_published")))
        stamp = item.get("date_modified") or item.get("date_published")
        title = item.get("title") if isinstance(item.get("title"), str) else None
        links.append(Link(link, listed_text(title), published, listed_text(stamp) if stamp else None))
    title = data.get("title") if isinstance(data.get("title"), str) else None
    return Listing("json", listed_text(title), tuple(links))


def _json_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None
