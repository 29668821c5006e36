"""The extract stage: a fetched page in, a clean :class:`Article` out.

Public surface: :func:`extract`, :func:`detect_format`, :func:`normalise_date`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ExtractError, InputError
from ..settings import Settings
from ..types import Article, Fetched, article_id, join_paragraphs
from .base import Extracted
from .dates import normalise_date
from .detect import detect_format
from .frontmatter import split_front_matter, with_front_matter
from .html import extract_html
from .language import article_language, detect_language
from .textdump import extract_textdump

FORMATS = ("auto", "html", "text")

__all__ = ["FORMATS", "detect_format", "extract", "normalise_date"]


def extract(page: Fetched, *, format: str = "auto", published: str | None = None,
            settings: Settings | None = None) -> Article:
    """Extract the article from a page. ``published`` (the caller's knowledge) beats the page's own date."""
    settings = settings or Settings()
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r} (use one of {', '.join(FORMATS)})", input=page.input)
    fmt = detect_format(page) if format == "auto" else format
    if fmt == "html":
        found = extract_html(page.content, page.url, max_depth=settings.max_nesting_depth, name=page.input)
        return _assemble(page, found, published, lambda text: found.language or detect_language(text))
    header = split_front_matter(page.content)  # "title: ...", "url: ..." lines first: metadata, not page
    lines = sum(1 for line in header.body.splitlines() if line.strip())
    if lines > settings.max_dump_lines:  # the classifier's time and memory grow with the lines
        raise InputError(f"a text dump of {lines} lines (at most {settings.max_dump_lines}: max_dump_lines)",
                         input=page.input)
    found = with_front_matter(extract_textdump(header.body, header.fields.get("title")), header.fields)
    # a dump declares no language: the record's is what the article's own words show
    return _assemble(page, found, published, lambda text: article_language(text, found.language))


def _assemble(page: Fetched, found: Extracted, published: str | None,
              language: Callable[[str], str | None]) -> Article:
    if not found.paragraphs:
        raise ExtractError("no article text found", input=page.input)
    text, spans = join_paragraphs(found.paragraphs)
    url = page.url or found.url
    date = normalise_date(published, page.input) if published else _page_date(found.published)
    return Article(
        id=article_id(url, text), title=found.title, text=text, url=url, source=found.source,
        published=date, language=language(text), authors=found.authors,
        paragraphs=spans, media=found.media, removed=found.removed,
    )


def _page_date(value: str | None) -> str | None:
    # A page's own date that we cannot read is dropped, not an error: the article still stands.
    try:
        return normalise_date(value, "page") if value else None
    except InputError:
        return None
