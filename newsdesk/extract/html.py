"""HTML pages: trafilatura's extraction, with our cleaning around it.

1. Parse (trafilatura's ``load_html``) and refuse absurd nesting (:func:`check_depth`).
2. Read the page's own metadata: title, authors, date, publisher, canonical URL, JSON-LD.
3. Pre-clean the DOM: hidden elements and elements named as chrome (related, newsletter, cookie,
   paywall, share, tooltips, …) go, unless they hold the article's prose.
4. trafilatura (balanced, fast) on the cleaned tree; its slower cascade (readability, justext)
   only when the fast pass finds little, and the uncleaned page when nothing is found.
5. Post-filter the paragraphs (:mod:`.htmlrules`): headline block and title repeats, one-link
   teasers to the site's own pages, reader notices, "Related:" pointers, copyright lines.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from ..errors import InputError
from .base import Extracted
from .guard import check_depth
from .htmlclean import Block, blocks, paywalled, preclean, resplit
from .htmlmedia import find_media
from .htmlmeta import page_meta
from .htmlrules import PageFacts, postfilter, site_of
from .language import ISO, WORD, detect_language, stopwords

# Below this many characters the fast pass is suspected of missing the article.
_SHORT = 500
_MAX_REMOVED = 100
# Enough text to tell a language by its stop words.
_SAMPLE = 3000
_KNOWN = frozenset(ISO.values())
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


def _language(text: str, declared: str | None) -> str | None:
    """The page's declared language unless its stop words clearly lose to another language's."""
    sample = text[:_SAMPLE]
    detected = detect_language(sample)
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


def extract_html(html: str, url: str | None, *, max_depth: int, name: str) -> Extracted:
    html = _close_title(html)
    tree = load_html(html)
    if tree is None:
        raise InputError("not parseable as HTML", input=name)
    check_depth(tree, max_depth, name)
    meta = page_meta(tree, url)
    removed = preclean(tree, keep=paywalled(meta.jsonld))
    found = _article_blocks(tree, html, meta.jsonld)
    addresses = tuple(u.rstrip("/") for u in (url, meta.url) if u)
    facts = PageFacts(titles=meta.titles, site=site_of(meta.url or url), addresses=addresses, authors=meta.authors)
    kept, dropped = postfilter(found, facts)
    paragraphs = tuple(b.text for b in kept)
    return Extracted(
        title=meta.title, paragraphs=paragraphs, authors=meta.authors, published=meta.published,
        media=find_media(tree, meta.jsonld, meta.url or url), removed=_unique(dropped + removed),
        source=meta.source, url=meta.url or url,
        language=_language(" ".join(paragraphs), meta.language) if paragraphs else meta.language,
    )
