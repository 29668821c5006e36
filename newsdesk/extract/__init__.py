"""The extract stage: a fetched page in, a clean :class:`Article` out.

Public surface: :func:`extract`, :func:`detect_format`, :func:`normalise_date`.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

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
        found = extract_html(page.content, page.url, max_depth=settings.max_nesting_depth, name=page.input,
                             max_elements=settings.max_html_elements)
        url = trusted_canonical(found.url, page.url) if page.url else found.url
        return _assemble(page, found, url, published, lambda text: found.language or detect_language(text))
    header = split_front_matter(page.content)  # "title: ...", "url: ..." lines first: metadata, not page
    lines = sum(1 for line in header.body.splitlines() if line.strip())
    if lines > settings.max_dump_lines:  # the classifier's time and memory grow with the lines
        raise InputError(f"a text dump of {lines} lines (at most {settings.max_dump_lines}: max_dump_lines)",
                         input=page.input)
    found = with_front_matter(extract_textdump(header.body, header.fields.get("title")), header.fields)
    # a dump declares no language: the record's is what the article's own words show
    return _assemble(page, found, page.url or found.url, published,
                     lambda text: article_language(text, found.language))


def trusted_canonical(canonical: str | None, address: str) -> str:
    """The page's address for the record: its canonical URL (an AMP page's article, say) when that
    stays on the host the page came from, else the address it came from (a page may not claim
    another site's article). The monitor takes the same, so `extract URL` and `run` agree."""
    if not canonical or canonical == address:
        return address
    try:
        parts, base = urlsplit(canonical), urlsplit(address)
        same = parts.hostname is not None and parts.hostname == base.hostname
    except ValueError:  # a malformed address: the page keeps the one it came from
        return address
    return canonical if same and parts.scheme in ("http", "https") else address


def _assemble(page: Fetched, found: Extracted, url: str | None, published: str | None,
              language: Callable[[str], str | None]) -> Article:
    if not found.paragraphs:
        raise ExtractError("no article text found", input=page.input)
    text, spans = join_paragraphs(found.paragraphs)
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
