"""A live blog's entry times ("23:15", "10:42 GMT", "2h ago"), set where the entry begins.

A live blog shows each entry's time in an element of its own above the entry's headline or first
paragraph. Read as it stands, the time is a paragraph of its own ("23:15"), or glued to the entry's
words ("2h agoA49 closed"). The article record has no field for an entry's time, so the time becomes
the start of the entry's heading (or first paragraph): "23:15 First result declared in Sunderland".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

# The whole text of a time element: a clock time (with a zone or am/pm), or "2h ago", "5 mins ago".
ENTRY_TIME = re.compile(
    r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s+(?:GMT|UTC|BST|CET|CEST|EET|EEST|[ECMP][SD]?T|IST"
    r"|AEST|AEDT|JST|KST|HKT|SGT|MSK)\b)?"
    r"|\d{1,3}\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago|just\s+now)",
    re.IGNORECASE,
)
# An element named as a time, and a container named as a live blog's entry.
_TIME_NAME = re.compile(r"time|date|stamp|clock|posted|ago", re.IGNORECASE)
_ENTRY_NAME = re.compile(r"(?:^|[\s_-])live", re.IGNORECASE)
_TIME_TAGS = frozenset({"time", "span", "div", "p", "small", "strong", "b", "em", "a", "h5", "h6", "header"})
# What an entry's time is set into: its heading or paragraph (descending through wrappers to it).
_TEXT_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"})
_WRAPPERS = frozenset({"div", "section", "header", "article", "ul", "ol"})
_MAX_TIMES = 500
_CLIMB = 2  # levels a time's wrapper may have ("<div class=meta><time>23:15</time></div><h2>…")


def _whole_text(el: Any) -> str:
    return " ".join(el.text_content().split())


def _is_time(el: Any) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return (el.tag == "time" or bool(_TIME_NAME.search(names))) and ENTRY_TIME.fullmatch(_whole_text(el)) is not None


def _in_entry(el: Any) -> bool:
    """Inside an element named for a live blog (``live-entry``, ``liveblog``, ``<amp-live-list>``)."""
    for depth, parent in enumerate(el.iterancestors()):
        if depth > 3:
            return False
        names = f"{parent.get('class') or ''} {parent.get('id') or ''} {parent.tag}"
        if _ENTRY_NAME.search(names):
            return True
    return False


def _next_text(el: Any) -> Any | None:
    """The heading or paragraph that follows a time element (or the wrapper that holds only it)."""
    node = el
    for _ in range(_CLIMB + 1):
        following = node.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None:
            break
        parent = node.getparent()
        if parent is None or _whole_text(parent) != _whole_text(el):
            return None
        node = parent
    else:
        return None
    if node.tail and node.tail.strip():
        return None  # words right after the time: it stands in a line of its own text
    target = following
    while target is not None and target.tag in _WRAPPERS and not (target.text or "").strip():
        target = next((c for c in target if isinstance(c.tag, str)), None)
    if target is None or target.tag not in _TEXT_TAGS or not _whole_text(target):
        return None
    return target


def _live(el: Any) -> bool:
    return bool(_ENTRY_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''} {el.tag}"))


def _entries_as_divs(body: Any) -> None:
    """A live blog's entries set as sibling <article>s are read as <div>s: trafilatura keeps only the
    first entry's heading of several <article>s (of two, it glues each heading to its text)."""
    parents = {id(a.getparent()): a.getparent() for a in body.iter("article") if a.getparent() is not None}
    for parent in parents.values():
        entries = [c for c in parent if c.tag == "article"]
        if len(entries) < 2:
            continue
        if _live(parent) or (parent.getparent() is not None and _live(parent.getparent())) or all(map(_live, entries)):
            for entry in entries:
                entry.tag = "div"


def set_entry_times(tree: Any) -> None:
    """Move each live-blog entry's time into the start of the entry's heading or first paragraph (and
    read entries set as <article>s as <div>s).

    A time element counts when its class or tag names a time and its whole text is one, and the page
    shows several such (a signature of tag and class shared by two or more) or it stands in an element
    named as an entry: an article's own time above its lead is left alone.
    """
    body = next(tree.iter("body"), tree)
    _entries_as_divs(body)
    times = [el for el in body.iter(*_TIME_TAGS) if _is_time(el)][:_MAX_TIMES]
    shapes = Counter((el.tag, el.get("class") or "") for el in times)
    for el in times:
        if shapes[(el.tag, el.get("class") or "")] < 2 and not _in_entry(el):
            continue
        target = _next_text(el)
        if target is None:
            continue
        target.text = f"{_whole_text(el)} {(target.text or '').lstrip()}"
        el.drop_tree()
