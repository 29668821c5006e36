"""Tell an HTML page from a plain-text page dump, and refuse a feed or sitemap given as a page."""

from __future__ import annotations

import json
import re

from ..errors import ExtractError, InputError
from ..types import Fetched
from ..xmlroot import root_name

# A page may start with any element (old sites with <table>, <center> or <font>; fragments with <h1>),
# a text dump never starts with a tag. Possessive, and a tag ends before the next '<': with a plain `*`
# each comment could end at any later '-->' (30 empty comments before text took minutes), and a tag
# scanned to the end of the page from each '<p ' of 200 KB of them (10 s).
_HTML_START = re.compile(
    r"^\ufeff?\s*+(?:<\?xml[^>]*+>\s*+)?+(?:<!--.*?-->\s*+)*+<(?:!doctype\s+html|html|head|body|meta|title|div|p|article"
    r"|table|center|font|b|i|u|h[1-6]|header|main|section|nav|span|link|script|style|form|img|ul|ol|br|a|strong|em"
    r"|blockquote|figure|noscript|iframe|frameset|base)\b",
    re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?(?:p|div|span|a|br|html|body|head|script|article|section|li|h[1-6])\b[^<>]*+>", re.IGNORECASE)
_LISTINGS = {"rss": "feed", "feed": "feed", "rdf": "feed", "urlset": "sitemap", "sitemapindex": "sitemap"}
_JSON_FEED = re.compile(r'\A\ufeff?\s*\{.{0,2000}?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.DOTALL)


def listing_kind(content: str) -> str | None:
    """'feed' (RSS, Atom, RDF, JSON Feed) or 'sitemap' when the content is one, else None."""
    head = content[:65_536]
    if _JSON_FEED.match(head):
        return "feed"
    root = root_name(head)
    if root == "rdf" and "purl.org/rss" not in head and "<channel" not in head:
        return None  # RDF that is not RSS 1.0 / 0.90
    return _LISTINGS.get(root) if root else None


def detect_format(page: Fetched) -> str:
    """'html' or 'text', from the media type, the start of the content and its tag density.

    A feed or sitemap is no page: InputError (it was read as a text dump titled ``<item><title>…``).
    """
    if root_name(page.content) == "opml":  # a feed reader's export was read as a text dump titled <opml …>
        raise InputError("an OPML list of feeds, not a page: add its feeds with `newsdesk source import-opml`",
                         input=page.input)
    listing = listing_kind(page.content)
    if listing is not None:
        raise InputError(f"a {listing}, not a page: add it with `newsdesk source add`", input=page.input)
    if _only_comments(page.content):  # "<!-- x -->" was a text dump whose one paragraph was the comment
        raise ExtractError("no article text found (only an HTML comment)", input=page.input)
    if _is_json(page.content):  # an API's error answer piped in, or a record: its braces were the "article"
        raise InputError("JSON, not a page (article lines {\"id\", \"text\"} go to `newsdesk analyze "
                         "--input-jsonl`)", input=page.input)
    if page.media_type in {"text/html", "application/xhtml+xml"}:
        return "html" if _TAG.search(page.content[:200_000]) else "text"
    head = page.content[:20_000]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    # Text dumps may quote a stray tag; a page is HTML when tags are a real part of it.
    return "html" if tags >= 5 and tags * 40 > len(head.split()) else "text"


def _only_comments(content: str) -> bool:
    """Whether the content is nothing but markup comments (one left open runs to the end) and white space."""
    rest = content.lstrip("\ufeff \t\r\n\f")
    while rest.startswith("<!--"):
        end = rest.find("-->", 4)
        if end < 0:
            return True
        rest = rest[end + 3:].lstrip(" \t\r\n\f")
    return not rest and content.strip() != ""


def _is_json(content: str) -> bool:
    """Whether the content is one JSON object or array (pretty-printed or not), or JSON lines; a text
    dump never is."""
    head = content[:1024].lstrip().lstrip("\ufeff")
    if not head or head[0] not in "{[":  # every page but these: no copy of the whole text made
        return False
    text = content.strip().lstrip("\ufeff")
    if text[-1] not in "}]":
        return False
    for candidate in (text, text.split("\n", 1)[0]):
        try:
            json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        return True
    return False
