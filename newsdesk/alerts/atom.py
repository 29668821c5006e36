"""A watch's alerts as an Atom feed (RFC 4287). Built with ElementTree: every value is escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from .compose import alert_json, news
from .records import Alert, Watch

NS = "http://www.w3.org/2005/Atom"


def feed(watch: Watch, alerts: Sequence[Alert], self_url: str) -> bytes:
    """The feed document: newest alerts first, each with the rule and the sentence that fired it, a link to
    the article and (related, or alone when the article has no address) to its story's page here."""
    site = _site(self_url)
    root = new_feed()
    add(root, "id", f"urn:newsdesk:watch:{watch.id}")
    add(root, "title", f"newsdesk: {watch.query}")
    add(root, "updated", alerts[0].created_at if alerts else watch.created_at)
    add(root, "link", rel="self", href=self_url)
    add(add(root, "author"), "name", "newsdesk")
    for alert in alerts:
        entry = add(root, "entry")
        add(entry, "id", f"urn:newsdesk:alert:{alert.id}")
        add(entry, "title", alert.article.title or alert.story.title or "(no title)")
        add(entry, "updated", alert.created_at)
        story = f"{site}/stories/{quote(alert.story.id, safe='')}" if alert.story.id else None
        if alert.article.url and alert.article.url.startswith(("http://", "https://")):
            add(entry, "link", href=alert.article.url)
            if story:
                add(entry, "link", rel="related", href=story)
        elif story:  # a text dump without an address: a reader still gets a page to open
            add(entry, "link", href=story)
        add(entry, "summary", alert.reason.sentence)
        added = news(alert_json(alert))  # a reader tells a development from a new story
        why = f"Rule: {alert.reason.rule}\nWhy: {alert.reason.sentence}"
        add(entry, "content", f"{added}\n{why}" if added else why, type="text")
        if alert.story.id:
            add(entry, "category", term=alert.story.id, label=clean(alert.story.title or alert.story.id))
    return document(root)


def new_feed() -> ET.Element:
    """An empty Atom ``<feed>``."""
    ET.register_namespace("", NS)
    return ET.Element(f"{{{NS}}}feed")


def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """An Atom element under ``parent``; its text cleaned of what XML cannot carry."""
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        element.text = clean(text)
    return element


def document(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def _site(self_url: str) -> str:
    """The service's address as the feed was asked for (any prefix before ``/api/`` kept)."""
    parts = urlsplit(self_url)
    prefix = parts.path.rpartition("/api/")[0] if "/api/" in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{prefix}"


def clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))
