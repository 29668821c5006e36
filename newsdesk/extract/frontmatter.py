"""Metadata header lines at the top of a text dump.

Scrapers, archives and note tools save articles as text with a few ``key: value`` lines first
(``title:``, ``url:``, ``published:`` ...), either bare and ended by a blank line (the demo's
articles, e-mail-like dumps) or fenced by ``---`` lines (Jekyll/Hugo-style front matter). Read as
page lines they would be taken for the headline or the body; read as metadata they give the
record its title, address, date, outlet and authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .base import Extracted
from .htmlmeta import byline_names

# the names a header may use for each field (lower case, without spaces, dashes or underscores)
KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "sourceurl": "url", "canonicalurl": "url",
    "published": "published", "date": "published", "publishedat": "published", "pubdate": "published",
    "datepublished": "published",
    "source": "source", "publisher": "source", "outlet": "source", "site": "source", "sitename": "source",
    "author": "authors", "authors": "authors", "byline": "authors", "by": "authors",
    "language": "language", "lang": "language",
}
MIN_BARE = 2  # bare lines are a header only when at least two known keys come together
MAX_LINES = 40  # a header is short; a fenced block longer than this is a document, not metadata
HEAD_SPLIT = 200  # lines looked at for a header (blank lines before it included)
_LINE = re.compile(r"([A-Za-z][\w -]{0,30}?)\s*:\s*(.*)")
_FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """The header's fields (each the first value given for it), and the text after the header."""

    fields: dict[str, str]
    body: str
    lines: int  # how many lines the header took, so a caller can say what it read


def _key(raw: str) -> str | None:
    return KEYS.get(re.sub(r"[\s_-]+", "", raw.lower()))


def _unquote(value: str) -> str:
    # YAML's quoted scalars (fenced headers only: a bare title may open and close with a quote)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _pairs(lines: list[str], yaml: bool = False) -> list[tuple[str | None, str]] | None:
    pairs: list[tuple[str | None, str]] = []
    for line in lines:
        match = _LINE.fullmatch(line.strip())
        if match is None:
            return None
        pairs.append((_key(match.group(1)), _unquote(match.group(2).strip()) if yaml else match.group(2).strip()))
    return pairs


def _fields(pairs: list[tuple[str | None, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key is not None and value and key not in fields:
            fields[key] = value
    return fields


def split_front_matter(text: str) -> FrontMatter:
    """The metadata header of ``text`` and the rest; no fields (and the text unchanged) when the
    text does not open with one. A bare header is two or more lines of known keys and nothing else,
    then a blank line; a fenced one may hold other keys too (``tags:``), which are skipped."""
    lines = text.lstrip("\ufeff").split("\n", HEAD_SPLIT)  # the head only: the rest stays one piece
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == _FENCE:
        for end in range(start + 1, min(len(lines), start + 2 + MAX_LINES)):
            if lines[end].strip() == _FENCE:
                block = [line for line in lines[start + 1:end] if line.strip()]
                pairs = _pairs(block, yaml=True)
                if pairs is None:
                    break
                fields = _fields(pairs)
                if fields:
                    return FrontMatter(fields, "\n".join(lines[end + 1:]), end + 1)
                break
        return FrontMatter({}, text, 0)
    end = start
    while end < len(lines) and lines[end].strip() and end - start < MAX_LINES:
        end += 1
    if end >= len(lines) or lines[end].strip():  # a header ends with a blank line and has text after it
        return FrontMatter({}, text, 0)
    pairs = _pairs(lines[start:end])
    if pairs is None or any(key is None for key, _ in pairs):
        return FrontMatter({}, text, 0)
    fields = _fields(pairs)
    if len(fields) < MIN_BARE:
        return FrontMatter({}, text, 0)
    return FrontMatter(fields, "\n".join(lines[end + 1:]), end)


def with_front_matter(found: Extracted, fields: dict[str, str]) -> Extracted:
    """The extractor's findings with the header's fields in: its title, address (http or https
    only), date (read by the assembler like a page's own), outlet, authors and language."""
    if not fields:
        return found
    url = fields.get("url")
    try:
        scheme = urlsplit(url).scheme.lower() if url else ""
    except ValueError:  # "http://[bad": no address
        scheme = ""
    if scheme not in ("http", "https"):
        url = None  # "file:..." or a bare path names no page a reader can open
    authors = byline_names([fields["authors"]], fields.get("source")) if "authors" in fields else found.authors
    return replace(
        found, title=fields.get("title") or found.title, url=url or found.url,
        published=fields.get("published") or found.published, source=fields.get("source") or found.source,
        authors=authors, language=fields.get("language") or found.language,
    )
