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
# "Posted at 02:14", "Updated 10:42": the words before an entry's time, which the time goes without
_POSTED = re.compile(r"(?:posted(?:\s+at)?|(?:updated|published)\s+at)\s+", re.IGNORECASE)
# An element named as a time, and a container named as a live blog's entry.
_TIME_NAME = re.compile(r"time|date|stamp|clock|posted|ago", re.IGNORECASE)
_ENTRY_NAME = re.compile(r"(?:^|[\s_-])live", re.IGNORECASE)
_BODY_NAME = re.compile(r"body|content", re.IGNORECASE)
_KEPT_NAME = re.compile(r"caption|credit", re.IGNORECASE)
_TIME_TAGS = frozenset({"time", "span", "div", "p", "small", "strong", "b", "em", "a", "h5", "h6", "header"})
# What an entry's time is set into: its heading or paragraph (descending through wrappers to it).
_TEXT_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"})
_WRAPPERS = frozenset({"div", "section", "header", "article", "ul", "ol"})
_MAX_TIMES = 500
_CLIMB = 2  # levels a time's wrapper may have ("<div class=meta><time>23:15</time></div><h2>…")


def _whole_text(el: Any) -> str:
    return " ".join(el.text_content().split())


def _time_of(el: Any) -> str | None:
    """The time an element shows, when it is named as one ("23:15", "Posted at 02:14": "02:14"), else None."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if el.tag != "time" and not _TIME_NAME.search(names):
        return None
    text = _whole_text(el)
    posted = _POSTED.match(text)
    text = text[posted.end():] if posted else text
    return text if ENTRY_TIME.fullmatch(text) else None


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
    if target is None or target.tag not in _TEXT_TAGS or not _whole_text(target) or _time_of(target) is not None:
        return None  # (a time above another time: "Published at 10:42", "Updated at 11:30", a header's pair)
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


def _unname_bodies(times: list[Any]) -> None:
    """Inside the stream that holds the entries' times, class names that call an element a body or
    content ("lx-stream-post-body") go: trafilatura takes the first such element for the article's body
    and sets its text above the page's headline, the entry's own heading after it."""
    stream = times[0]
    while stream is not None and not all(stream in t.iterancestors() for t in times[1:]):
        stream = stream.getparent()
    if stream is None or stream.tag in ("html", "body"):
        return
    for el in stream.iterdescendants():
        names = el.get("class") if isinstance(el.tag, str) else None
        if names and _BODY_NAME.search(names):
            el.set("class", " ".join(n for n in names.split() if not _BODY_NAME.search(n) or _KEPT_NAME.search(n)))


def set_entry_times(tree: Any) -> None:
    """Move each live-blog entry's time into the start of the entry's heading or first paragraph (and
    read entries set as <article>s as <div>s).

    A time element counts when its class or tag names a time and its whole text is one, and the page
    shows several such (a signature of tag and class shared by two or more) or it stands in an element
    named as an entry: an article's own time above its lead is left alone.
    """
    body = next(tree.iter("body"), tree)
    _entries_as_divs(body)
    times = [el for el in body.iter(*_TIME_TAGS) if _time_of(el) is not None][:_MAX_TIMES]
    shapes = Counter((el.tag, el.get("class") or "") for el in times)
    times = [el for el in times if shapes[(el.tag, el.get("class") or "")] >= 2 or _in_entry(el)]
    # two times side by side ("Posted at 10:42" "Updated at 11:30") are an article's header, not two entries
    ids = {id(el) for el in times}
    paired = {i for el in times if id(el.getnext()) in ids for i in (id(el), id(el.getnext()))}
    times = [el for el in times if id(el) not in paired]
    # <article>s that each hold an entry's time are entries, however they are named
    timed = {id(a): a for el in times for a in list(el.iterancestors("article"))[:1]}
    if len(timed) >= 2:
        for entry in timed.values():
            entry.tag = "div"
    if len(times) >= 2:
        _unname_bodies(times)
    for el in times:
        target = _next_text(el)
        if target is None:
            continue
        target.text = f"{_time_of(el)} {(target.text or '').lstrip()}"
        el.drop_tree()
