"""Tell an HTML page from a plain-text page dump."""

from __future__ import annotations

import re

from ..types import Fetched

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
    re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?(?:p|div|span|a|br|html|body|head|script|article|section|li|h[1-6])\b[^>]*>", re.IGNORECASE)


def detect_format(page: Fetched) -> str:
    """'html' or 'text', from the media type, the start of the content and its tag density."""
    if page.media_type in {"text/html", "application/xhtml+xml"}:
        return "html" if _TAG.search(page.content[:200_000]) else "text"
    head = page.content[:20_000]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    # Text dumps may quote a stray tag; a page is HTML when tags are a real part of it.
    return "html" if tags >= 5 and tags * 40 > len(head.split()) else "text"
