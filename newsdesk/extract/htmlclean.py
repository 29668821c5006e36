"""The DOM before trafilatura reads it, and trafilatura's output as flat blocks.

:func:`preclean` drops hidden elements and elements whose class or id names page chrome that
trafilatura's own cleaning leaves in (related stories, newsletter and paywall boxes, cookie and
consent banners, share bars, hover cards). Class and id names are matched as the web writes them
(mostly English, whatever the page's language, plus a few German, French, Spanish, Polish words).
:func:`blocks` turns trafilatura's output tree into paragraphs, list items, headings and table
rows, each with its links, for the rules in :mod:`.htmlrules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

# class/id names of page chrome that trafilatura's own cleaning leaves in.
_CHROME = re.compile(
    r"related|recommend|newsletter|subscri|sign-?up|paywall|promo|sponsor|advert|cookie|consent|gdpr"
    r"|social|shar(?:e|ing)|teilen|partage|compartir|tooltip|popover|hovercard|rollover|popup"
    r"|outbrain|taboola|most-?(?:read|popular|viewed)|trending|read-?more|more-?(?:stories|news|articles)"
    r"|see-?also|also-?read|author-?bio|about-?the-?author|donat|membership|werbung|anzeige|reklama"
    r"|publicit|publicidad|(?:^|[\s_-])ads?(?:$|[\s_-])"
    r"|visually-?hidden|sr-only|screen-?reader|a11y-hidden|assistive-text",  # text for screen readers only
)
# Reader comments, by the names sites give them in several languages: chrome even when they are long
# prose (a dozen comments are "two long paragraphs"), unless they hold much of the page's text.
_COMMENTS = re.compile(
    r"(?:^|[\s_-])(?:comments?|kommentare?|commentaires?|comentarios?|commenti|komentarze?|reactions)(?:$|[\s_-])"
    r"|disqus|comment-?list|comments-?(?:area|section|wrapper)|coral-?talk|fb-comments",
)

# An embedded post: its text, then its signature ("— Name (@handle) March 3, 2024").
_EMBEDDED_POSTS = etree.XPath(".//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'bluesky-embed')]")
# a tooltip or hover card in running text: its label stays, the card goes
_WORD_CHAR = re.compile(r"[^\W_]")
_HOVER = re.compile(r"tooltip|popover|hovercard|rollover")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_KEEP_TAGS = frozenset({"html", "body", "main", "head"})
# An element holding this share of the page's text is the article, whatever its class says.
_MAX_SHARE = 0.35
# Longer dropped texts (whole menus, footers) are not worth listing in Article.removed.
_MAX_REMOVED_CHARS = 300


def _text_len(el: Any) -> int:
    """Characters of text, spaces aside (a measure that works for languages written without spaces too)."""
    text: str = el.text_content()
    return len(text) - text.count(" ") - text.count("\n")


def _is_prose(el: Any) -> bool:
    """Two or more paragraphs of 150+ characters: article text, not a widget, whatever it is named."""
    long = 0
    for p in el.iter("p"):
        if _text_len(p) >= 150:
            long += 1
            if long >= 2:
                return True
    return False


def _attributed(body: Any) -> Iterator[Any]:
    """Elements with names, and custom elements (<amp-ad>, <amp-consent>) by their tag, in document
    order. (The XPath for it took seconds on a page of 75,000 such elements; this takes a tenth.)"""
    for el in body.iterdescendants():
        tag = el.tag
        if isinstance(tag, str) and (el.get("class") is not None or el.get("id") is not None
                                     or el.get("style") is not None or el.get("hidden") is not None or "-" in tag):
            yield el


_NAMED, _COMMENT = 1, 2


def _is_comments(el: Any) -> bool:
    """A comment section by its name; not a wrapper of the article named for its comments' state
    ("post comments-open"), which holds the headline."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(_COMMENTS.search(names)) and el.find(".//h1") is None


def _is_hidden(el: Any) -> bool:
    if el.get("hidden") is not None:
        return True
    style = (el.get("style") or "").lower()
    return ("none" in style or "hidden" in style) and bool(_HIDDEN_STYLE.search(style))


def paywalled(jsonld: tuple[dict[str, Any], ...]) -> frozenset[str]:
    """The class (".name") and id ("#name") selectors a page's JSON-LD names as its paywalled part
    (``hasPart: {"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".paywall"}``):
    article text, however chrome-like its name."""
    found: set[str] = set()
    for obj in jsonld:
        kind = obj.get("@type")
        free = str(obj.get("isAccessibleForFree", "")).lower()
        selector = obj.get("cssSelector")
        if "WebPageElement" in (kind if isinstance(kind, list) else [kind]) and free == "false":
            for one in (selector if isinstance(selector, list) else [selector]):
                if isinstance(one, str):
                    found.update(s.strip() for s in one.split(",") if re.fullmatch(r"\s*[.#][\w-]+\s*", s))
    return frozenset(found)


def _selected(el: Any, selectors: frozenset[str]) -> bool:
    classes = {f".{c}" for c in (el.get("class") or "").split()}
    return bool(selectors & classes) or f"#{el.get('id')}" in selectors


def preclean(tree: Any, *, hidden: bool = True, chrome: bool = True, keep: frozenset[str] = frozenset()) -> list[str]:
    """Drop hidden elements and elements named as page chrome; give back the short texts dropped.

    An element that holds a large share of the page's text, or two long paragraphs, is kept:
    sites hide or name the article body in surprising ways (an "entry-content-read-more" wrapper,
    a "subscriber-content" body, a body revealed by a script). So is one that ``keep`` selects
    (the paywalled part of the article, see :func:`paywalled`).
    """
    body = next(tree.iter("body"), tree)
    total = max(_text_len(body), 1)
    marked: list[Any] = []
    seen: dict[str, int] = {}  # class and id strings repeat a lot within a page: 0, _NAMED or _COMMENT
    for el in _attributed(body):
        if el.tag in _KEEP_TAGS or (keep and _selected(el, keep)):
            continue
        if hidden and _is_hidden(el):
            marked.append(el)
        elif chrome:
            names = f"{el.get('class') or ''} {el.get('id') or ''} {el.tag if '-' in el.tag else ''}"
            hit = seen.get(names)
            if hit is None:
                lower = names.lower()
                hit = seen[names] = _NAMED if _CHROME.search(lower) else _COMMENT if _COMMENTS.search(lower) else 0
            if hit == _NAMED or (hit == _COMMENT and _is_comments(el)):
                marked.append(el)
    _sign_posts(body)
    removed: list[str] = []
    gone: set[Any] = set()
    for el in marked:
        # one inside a dropped element went with it
        if gone and any(a in gone for a in el.iterancestors()):
            continue
        size = _text_len(el)
        if size > _MAX_SHARE * total or (_is_prose(el) and not _is_comments(el)):
            continue
        gone.add(el)
        if size <= _MAX_REMOVED_CHARS:  # listed as the reader saw it: "inbox" and "Sign up" on two lines
            text = " ".join(b.text for b in _lines(el))
            if text:
                removed.append(text)
        _drop(el)
    return removed


def _sign_posts(body: Any) -> None:
    """An embedded post's signature ("— Name (@handle)" and its dated link) becomes one line after its
    text: it says who posted it and when (it came out as two stray lines)."""
    for post in _EMBEDDED_POSTS(body):
        signature = [post.text or ""]
        for child in list(post):
            if child.tag == "p":
                signature.append(child.tail or "")
                child.tail = None
            else:
                signature.append(" " + child.text_content() + " " + (child.tail or ""))
                post.remove(child)
        post.text = None
        text = " ".join("".join(signature).split())
        if text:
            etree.SubElement(post, "p").text = text


def _drop(el: Any) -> None:
    """Remove an element; a hover card inside a paragraph leaves its label (the linked name) behind."""
    label = ""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if _HOVER.search(names) and next(el.iterancestors("p"), None) is not None:
        if el.text and el.text.strip():
            label = el.text
        else:
            link = next(el.iter("a"), None)
            label = link.text_content() if link is not None else ""
    if label:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + label
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + label
    el.drop_tree()


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of trafilatura's output tree."""

    kind: str  # p, head, item, quote, cell, ...
    text: str
    link_chars: int = 0
    targets: tuple[str, ...] = ()
    loose: int = 0  # runs of text with a letter or digit outside links ("Home | News | Sports" has none)

    @property
    def links(self) -> int:
        return len(self.targets)

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


# A table cell with paragraphs and this many characters is a page's layout, not data.
_LAYOUT_CELL = 300
_CONTAINERS = frozenset({"list", "quote", "table", "row", "div", "section"})
_NESTED_IN_P = frozenset({"p", "head", "list", "quote", "table"})


def blocks(body: Any) -> list[Block]:
    """The extracted tree as a flat list of paragraphs, list items, headings and table rows."""
    out: list[Block] = []
    for child in body:
        _flatten(child, out)
    return [b for b in out if b.text]


def _flatten(el: Any, out: list[Block]) -> None:
    if el.tag == "table" and any(_is_layout(cell) for cell in el.iter("cell")):
        # a layout table (old sites set whole pages in one): its cells hold paragraphs, not data
        for cell in el.iter("cell"):
            if next(cell.iterancestors("table"), None) is el:  # a nested table is flattened by its cell
                _flatten(cell, out)
        return
    if el.tag == "row":
        cells = [_cell_text(c) for c in el]
        out.append(Block("cell", " ".join(c for c in cells if c)))
        return
    # trafilatura nests a div's blocks in a <p> when the div starts with loose text (a live blog's entry:
    # "23:15" <h2>Headline</h2> <p>Text</p>): each is a line of its own, as a browser shows them
    nested = el.tag == "p" and any(isinstance(c.tag, str) and c.tag in _NESTED_IN_P for c in el)
    # a list item of paragraphs (a live blog's entry as <li>: "2h ago A49 closed" <p>Police have …</p>):
    # one line each, not one run of glued words ("LeominsterPolice")
    nested = nested or (el.tag == "item" and sum(isinstance(c.tag, str) and c.tag in _NESTED_IN_P for c in el) > 1)
    if (el.tag in _CONTAINERS or el.tag == "cell" or nested) and _has_blocks(el):
        kind = "p" if el.tag in ("cell", "p") else el.tag
        if el.text and el.text.strip():
            out.append(Block(kind, " ".join(el.text.split())))
        for child in el:
            _flatten(child, out)
            if child.tail and child.tail.strip():
                out.append(Block(kind, " ".join(child.tail.split())))
        return
    _segments(el, out)


def _is_layout(cell: Any) -> bool:
    """A cell holding paragraphs of prose: a page laid out in a table (a data cell is short;
    trafilatura turns a <br> in one into a paragraph too)."""
    return _has_blocks(cell) and len(_cell_text(cell)) >= _LAYOUT_CELL


def _has_blocks(el: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el)


def _cell_text(cell: Any) -> str:
    """A table cell's text; its line breaks and paragraphs separate words (``Name<lb/>Title``)."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            apart = " " if child.tag == "lb" or child.tag in _BLOCK_TAGS else ""
            parts.append(apart)
            visit(child)
            parts.append(apart + (child.tail or ""))

    visit(cell)
    return " ".join("".join(parts).split())


_BLOCK_TAGS = frozenset({"p", "head", "item", "list", "quote", "table", "row", "cell", "code", "div", "section"})


class _Line:
    """The text of one line being gathered, with its links: characters inside links, runs of words
    outside them, and the links' targets; :meth:`flush` ends it as a :class:`Block`."""

    def __init__(self, out: list[Block], kind: str) -> None:
        self.out, self.kind = out, kind
        self.parts: list[str] = []
        self.targets: list[str] = []
        self.linked = self.words = 0

    def add(self, text: str, link: bool) -> None:
        self.parts.append(text)
        if link:
            self.linked += len(text.strip())
        else:
            self.words += _WORD_CHAR.search(text) is not None

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.out.append(Block(self.kind, text, min(self.linked, len(text)), tuple(self.targets), self.words))
        self.parts.clear()
        self.targets.clear()
        self.linked = self.words = 0


def _segments(el: Any, out: list[Block]) -> None:
    """One block per line: <lb/> inside a paragraph separates lines that stand alone."""
    line = _Line(out, "item" if el.tag == "item" else str(el.tag))

    def visit(node: Any, in_link: bool) -> None:
        link = in_link or node.tag == "ref"
        if node.tag == "ref" and not in_link:
            line.targets.append(node.get("target") or "")
        if node.tag == "lb":
            line.flush()
        elif node.text:
            line.add(node.text, link)
        for child in node:
            visit(child, link)
            if child.tail:
                line.add(child.tail, link)

    visit(el, False)
    line.flush()


# --- one paragraph that was many ---------------------------------------------------------------------

_RENDERED_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "figcaption", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "caption", "pre", "address", "h1", "h2", "h3",
    "h4", "h5", "h6", "br", "hr", "form", "fieldset", "details", "summary",
})
_UNRENDERED = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "textarea", "head"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SQUASH = re.compile(r"[\W_]+")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.lower())


def lines_of(tree: Any) -> list[Block]:
    """The text of a page's body as a browser lays it out, one block per line."""
    return _lines(next(tree.iter("body"), tree))


def rendered_text(el: Any) -> str:
    """An element's text with its lines joined by a space ("… 2026." <p>"(AP Photo/…)": not glued)."""
    return " ".join(b.text for b in _lines(el))


def _lines(el: Any) -> list[Block]:
    """An element's text as a browser lays it out: one line per block-level element (innerText),
    each with its links, as :func:`blocks` gives them."""
    out: list[Block] = []
    line = _Line(out, "p")

    def end() -> None:
        line.flush()
        line.kind = "p"

    def visit(node: Any, in_link: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _UNRENDERED:
            return
        block = tag in _RENDERED_BLOCKS
        if block:
            end()
            line.kind = "head" if tag in _HEADINGS else "item" if tag == "li" else "p"
        link = in_link or tag == "a"
        if tag == "a" and not in_link:
            line.targets.append(node.get("href") or "")
        if tag and node.text:
            line.add(node.text, link)
        for child in node:
            visit(child, link)
            if child.tail:
                line.add(child.tail, link)
        if block:
            end()

    visit(el, False)
    end()
    return out


def resplit(whole: Block, tree: Any, jsonld: tuple[dict[str, Any], ...] = ()) -> list[Block]:
    """Paragraphs again for a block that is a whole article run together (trafilatura's last resort
    takes the JSON-LD ``articleBody`` or an element's whole text as one paragraph).

    The text is never changed, only cut: the ``articleBody`` at its own line breaks, else the lines
    of the smallest ``<article>``, ``<main>`` or ``<body>`` that holds it, when together they are
    exactly the block's text. Anything else leaves the block as it is.
    """
    target = _squash(whole.text)
    if not target:
        return [whole]
    for obj in jsonld:
        body = obj.get("articleBody")
        if isinstance(body, str) and "\n" in body.strip():
            paras = [" ".join(line.split()) for line in body.splitlines()]
            found = [Block("p", p) for p in paras if p]
            if "".join(_squash(b.text) for b in found) == target:
                return found
    root = next(tree.iter("body"), tree)
    candidates = [*root.iter("article"), *root.iter("main"), root]
    for el in sorted(candidates[:30], key=lambda e: len(e.text_content())):
        if target not in _squash(el.text_content()):
            continue
        lines = [b for b in _lines(el) if _squash(b.text) and _squash(b.text) in target]
        if len(lines) > 1 and "".join(_squash(b.text) for b in lines) == target:
            return lines
        break
    return [whole]
