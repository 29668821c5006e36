"""HTML pages: trafilatura's extraction, with our cleaning around it.

1. Parse (trafilatura's ``load_html``) and refuse absurd nesting or size (:func:`check_depth`).
2. Read the page's own metadata: title, authors, date, publisher, canonical URL, JSON-LD.
3. Pre-clean the DOM: hidden elements and elements named as chrome (related, newsletter, cookie,
   paywall, share, tooltips, …) go, unless they hold the article's prose.
4. trafilatura (balanced, fast) on the cleaned tree; its slower cascade (readability, justext)
   only when the fast pass finds little, and the uncleaned page when nothing is found.
5. Post-filter the paragraphs (:mod:`.htmlrules`): headline block and title repeats, one-link
   teasers to the site's own pages, reader notices, "Related:" pointers, copyright lines.
"""

from __future__ import annotations

import json
import re
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from ..errors import InputError
from .base import Extracted
from .guard import check_depth
from .htmlclean import Block, blocks, lines_of, paywalled, preclean, resplit
from .htmlentries import set_entry_times
from .htmlmedia import find_media
from .htmlmeta import live_entries, page_meta
from .htmlrules import PageFacts, key, postfilter, site_of, size
from .language import ISO, WORD, detect_language, script_language, stopwords
from .media import credit_line, parse_duration

# Below this many characters the fast pass is suspected of missing the article.
_SHORT = 500
_MAX_REMOVED = 100
# Enough text to tell a language by its stop words.
_SAMPLE = 3000
_KNOWN = frozenset(ISO.values())
# A first line this short, not ending a sentence, is the headline of a page that names none.
_TITLE_WORDS = 15
_ENDS = re.compile(r"[.!?。！？:]\W*$")
_NO_STOPWORDS = frozenset({"ja", "zh", "th", "km", "lo", "my"})


def _extract(tree: Any, fast: bool) -> list[Block]:
    # url=None: links stay as written (relative links are the site's own), which saves resolving them
    doc = trafilatura.bare_extraction(tree, url=None, fast=fast, include_comments=False, include_links=True,
                                      include_tables=True, include_images=False)
    body = getattr(doc, "body", None)
    return [] if body is None else blocks(body)


def _chars(found: list[Block]) -> int:
    return sum(len(b.text) for b in found)


def _article_blocks(tree: Any, html: str, jsonld: tuple[dict[str, Any], ...]) -> list[Block]:
    found = _extract(tree, fast=True)
    if _chars(found) < _SHORT:
        slow = _extract(tree, fast=False)
        if _chars(slow) > _chars(found):
            found = slow
    if not found:
        # the pre-cleaning may have taken the article (a page that hides it until a script runs)
        raw = load_html(html)
        if raw is not None:
            found = _extract(raw, fast=False)
    if len(found) == 1:
        # trafilatura's last resort gives one paragraph: the JSON-LD articleBody or an element's whole text
        return resplit(found[0], tree, jsonld)
    return found


# --- a script-rendered page: the article only in the page's JSON data (Next.js, Nuxt, Arc, Redux) ----

# "window.__INITIAL_STATE__ = {…}", "Fusion.globalContent={…};": a JSON object assigned in a script.
_ASSIGNED = re.compile(r"^\s*(?:var\s+|let\s+|const\s+)?(?:window\.)?[\w$.\[\]\"']+\s*=\s*(?=\{)")
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b|</p>", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?。！？」”\"]\s")
# A string of the data is prose from this many words (two CJK characters count as one) with a sentence end.
_PROSE_WORDS = 12
_MAX_ISLAND = 5_000_000
# The article object holds this share of the data's prose, its body this share of the article's.
_ARTICLE_SHARE = 0.5
_BODY_SHARE = 0.6
_MAX_NODES = 200_000
_SQUASH = re.compile(r"[\W_]+")


def _data_scripts(tree: Any) -> list[str]:
    """The JSON data a page carries in its scripts (read before extraction changes the tree)."""
    found: list[str] = []
    for script in tree.iter("script"):
        text = script.text or ""
        kind = (script.get("type") or "").lower()
        if not text or "ld+json" in kind or len(text) > _MAX_ISLAND:
            continue
        if kind == "application/json":
            found.append(text)
        elif not kind or "javascript" in kind:
            assigned = _ASSIGNED.match(text)
            if assigned:
                found.append(text[assigned.end():])
    return found


def _prose(text: str) -> list[str]:
    """A data string as paragraphs of prose (rendering its markup when it has some), or nothing."""
    if _MARKUP.search(text):
        fragment = load_html(f"<html><body><div>{text}</div></body></html>")
        lines = [b.text for b in lines_of(fragment)] if fragment is not None else []
    else:
        lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in lines if size(line) >= _PROSE_WORDS and _SENTENCE.search(line + " ")]


def _island_blocks(scripts: list[str], titles: tuple[str, ...]) -> list[Block]:
    """The article's paragraphs from a page's JSON data.

    The article is the object that carries the page's headline (the deepest one holding at least half
    of the data's prose; data without the headline gives nothing); its body is the deepest part of it
    that holds most of its prose: an article body's blocks, not the excerpt beside it or the teasers
    of other articles.
    """
    headlines = {key(t) for t in titles if t}
    best: list[str] = []
    for text in scripts:
        try:
            data, _ = json.JSONDecoder(strict=False).raw_decode(text.strip())
        except (ValueError, RecursionError):
            continue
        strings: list[tuple[tuple[int, ...], list[str]]] = []  # (path of containers, its paragraphs)
        totals: dict[tuple[int, ...], int] = {}
        named: list[tuple[int, ...]] = []  # paths of the headline strings
        stack: list[tuple[Any, tuple[int, ...]]] = [(data, ())]
        count = 0
        while stack and count < _MAX_NODES:
            node, path = stack.pop()
            count += 1
            if isinstance(node, str):
                paras = _prose(node) if len(node) > 40 else []
                if paras:
                    strings.append((path, paras))
                    chars = sum(map(len, paras))
                    for depth in range(len(path) + 1):
                        totals[path[:depth]] = totals.get(path[:depth], 0) + chars
                elif len(node) < 300 and key(node) in headlines:
                    named.append(path)
            elif isinstance(node, (dict, list)) and len(path) < 40:
                items = list(node.values() if isinstance(node, dict) else node)
                stack.extend((item, (*path, count)) for item in reversed(items))
        if not totals:
            continue
        whole = totals[()]
        roots = [path[:depth] for path in named for depth in range(len(path), -1, -1)
                 if totals.get(path[:depth], 0) >= _ARTICLE_SHARE * whole]
        if not roots:
            continue  # no object carries the headline: teasers of a front page, not an article
        root = max(roots, key=len)
        inside = {p: n for p, n in totals.items() if p[:len(root)] == root}
        home = max((p for p, n in inside.items() if n >= _BODY_SHARE * totals[root]), key=len)
        found = list(dict.fromkeys(p for path, paras in strings if path[:len(home)] == home for p in paras))
        if sum(map(len, found)) > sum(map(len, best)):
            best = found
    return [Block("p", p) for p in best]


# Soft hyphens, zero-width spaces, word joiners, stray BOMs: invisible on the page, but they split
# words for everything downstream ("Bundes\xadregierung" is not "Bundesregierung"). Joiners that
# shape a script (ZWNJ in Persian, ZWJ in emoji and Indic scripts) stay.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def _continues(island: list[Block], shown: list[Block]) -> bool:
    """The data's article holds the prose the markup shows (a start of it), if it shows any: else it is
    some other article's text (the teasers inside an article object, say)."""
    whole = _SQUASH.sub("", " ".join(b.text for b in island).lower())
    prose = [b for b in shown if size(b.text) >= _PROSE_WORDS]
    return all(_SQUASH.sub("", b.text.lower()) in whole for b in prose)


def _entries(jsonld: tuple[dict[str, Any], ...]) -> tuple[str, ...]:
    """The headlines of a live blog's entries."""
    return tuple(e["headline"] for e in live_entries(jsonld) if isinstance(e.get("headline"), str))[:200]


def _language(text: str, declared: str | None) -> str | None:
    """The page's declared language unless its stop words clearly lose to another language's."""
    sample = text[:_SAMPLE]
    detected = detect_language(sample)
    if detected is None:
        script = script_language(sample)  # a script tells its language whatever the page declares
        if script is not None:
            return declared if declared and declared[:2] == script else script
    if declared not in _KNOWN:
        # no stop words to check it by: Chinese, Japanese, Thai pages keep their code, a made-up one goes
        return declared if detected is None or declared in _NO_STOPWORDS else detected
    if not declared or detected in (None, declared):
        return detected or declared
    words = WORD.findall(sample.lower())
    own = sum(w in stopwords(declared) for w in words)
    other = sum(w in stopwords(detected) for w in words)
    return declared if own * 2 >= other else detected


def _unique(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in texts if t))[:_MAX_REMOVED]


_OPEN_TITLE = re.compile(r"<title\b[^>]*>(?![^<]*</title)", re.IGNORECASE)


def _close_title(html: str) -> str:
    """A <title> never closed swallows the page (the parser reads all that follows as its text):
    close it where the next tag begins."""
    match = _OPEN_TITLE.search(html[:100_000])
    if match is None or re.search(r"</title", html, re.IGNORECASE):
        return html
    end = html.find("<", match.end())
    return html if end < 0 else f"{html[:end]}</title>{html[end:]}"


def extract_html(html: str, url: str | None, *, max_depth: int, name: str,
                 max_elements: int | None = None) -> Extracted:
    html = _close_title(html)
    tree = load_html(html)
    if tree is None and html.strip():
        # a fragment ("<table>…" of an old site, a CMS's body alone): trafilatura wants a document
        html = f"<html><body>{html}</body></html>"
        tree = load_html(html)
    if tree is None:
        raise InputError("not parseable as HTML", input=name)
    check_depth(tree, max_depth, name, max_elements)
    meta = page_meta(tree, url)
    scripts = _data_scripts(tree)
    removed = preclean(tree, keep=paywalled(meta.jsonld))
    set_entry_times(tree)
    found = _article_blocks(tree, html, meta.jsonld)
    addresses = tuple(u.rstrip("/") for u in (url, meta.url) if u)
    facts = PageFacts(titles=meta.titles, site=site_of(meta.url or url), addresses=addresses, authors=meta.authors,
                      entries=_entries(meta.jsonld))
    kept, dropped = postfilter(found, facts)
    if _chars(kept) < _SHORT and scripts:
        # little or nothing in the markup: a page its scripts render, the article in its JSON data
        island, island_dropped = postfilter(_island_blocks(scripts, meta.titles), facts)
        if _chars(island) > 2 * _chars(kept) and _continues(island, kept):
            kept, dropped = island, dropped + [b.text for b in kept] + island_dropped
    title = meta.title
    if title is None and len(kept) > 1 and size(kept[0].text) <= _TITLE_WORDS and not _ENDS.search(kept[0].text):
        # no <title>, <h1> or meta title (a fragment, an old site): its first short line is the headline
        title, kept = kept[0].text, kept[1:]
    media = find_media(tree, meta.jsonld, meta.url or url)
    # a player's shown length ("2:47" beside it) is its video's duration, not a paragraph
    lengths = {m.duration_seconds for m in media if m.duration_seconds}
    # a picture's credit ("Getty Images", "Knepp Estate/PA") under it is no paragraph either
    credits = {key(m.credit) for m in media if m.credit}
    paragraphs = tuple(p for p in (_visible(b.text) for b in kept) if p and parse_duration(p) not in lengths)
    dropped += [p for p in paragraphs if credit_line(p) or key(p) in credits]
    paragraphs = tuple(p for p in paragraphs if not credit_line(p) and key(p) not in credits)
    return Extracted(
        title=_visible(title) if title else title, paragraphs=paragraphs,
        authors=tuple(_visible(a) for a in meta.authors), published=meta.published,
        media=media, removed=_unique(dropped + removed),
        source=_visible(meta.source) if meta.source else meta.source, url=meta.url or url,
        language=_language(" ".join(paragraphs), meta.language) if paragraphs else meta.language,
    )
