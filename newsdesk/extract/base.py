"""What an extractor finds in a page, before the article record is assembled."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Media


@dataclass(frozen=True)
class Extracted:
    """One extractor's findings; :func:`newsdesk.extract.extract` turns it into an Article."""

    title: str | None
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...] = ()
    published: str | None = None
    media: tuple[Media, ...] = ()
    removed: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    language: str | None = None
