"""A story as an Atom feed (RFC 4287): follow a developing story in any feed reader.

One entry per article that added something (the story's start, a new quote, a new event), newest
first; its summary is what it added, sentence by sentence, and its copies elsewhere are named, not
listed. Built with ElementTree: every value is escaped.
"""

from __future__ import annotations

from urllib.parse import quote

from ..alerts.atom import add, document, new_feed
from .views import StoryView

MAX_ENTRIES = 100


def story_feed(view: StoryView, self_url: str, site: str) -> bytes:
    """The feed of ``view``'s story; ``site`` is the service's address (links to its pages)."""
    story = view.story
    page = f"{site}/stories/{quote(story.id, safe='')}"
    root = new_feed()
    add(root, "id", f"urn:newsdesk:story:{story.id}")
    add(root, "title", f"newsdesk: {story.title or story.id}")
    add(root, "updated", _atom_time(story.last_updated))
    add(root, "link", rel="self", href=self_url)
    add(root, "link", rel="alternate", type="text/html", href=page)
    add(add(root, "author"), "name", "newsdesk")
    entries = [e for e in view.timeline if e.developments][::-1][:MAX_ENTRIES]
    for entry in entries:
        article = entry.article
        item = add(root, "entry")
        add(item, "id", f"urn:newsdesk:story:{story.id}:article:{article.id}")
        add(item, "title", article.title or story.title or "(no title)")
        add(item, "updated", _atom_time(article.published or story.last_updated))
        if article.url and article.url.startswith(("http://", "https://")):
            add(item, "link", href=article.url)
            add(item, "link", rel="related", href=page)
        else:
            add(item, "link", href=page)
        if article.source:
            add(add(item, "author"), "name", article.source)
        added = [moment.sentence for moment in entry.moments]
        copies = [c.source or c.title or c.id[:12] for c in entry.copies]
        text = "\n".join(added) + (f"\nAlso published by: {', '.join(copies)}" if copies else "")
        add(item, "summary", added[0] if added else "")
        add(item, "content", text, type="text")
    return document(root)


def _atom_time(value: str) -> str:
    """Atom wants a full date-time: a bare date is taken as its midnight in UTC."""
    return f"{value}T00:00:00Z" if len(value) == 10 else value
