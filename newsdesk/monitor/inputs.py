"""One-off inputs for ``newsdesk ingest``: files, folders, stdin, URLs, and WARC files (a page per record).

Wraps :func:`newsdesk.pipeline.extract_inputs` (which reads one page per input) so that a
``.warc`` / ``.warc.gz`` input gives one :class:`~newsdesk.pipeline.Outcome` per archived page,
named ``FILE#URL``; a WARC file that cannot be read gives one error naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import click

from ..errors import NewsdeskError, one_line
from ..extract import extract
from ..ingest.fetch import is_url
from ..ingest.warc import held_summary, is_warc, warc_index, warc_pages
from ..pipeline import Outcome, extract_inputs
from ..settings import Settings


def _is_warc(item: str) -> bool:
    return is_warc(item) and not is_url(item)


def input_outcomes(items: Sequence[str], *, format: str = "auto", published: str | None = None,
                   settings: Settings, note: Callable[[str], None] | None = None) -> Iterator[Outcome]:
    """An Outcome per page, in input order (WARC records in file order). A WARC file holding no page
    gives none, and ``note`` (by default a line on stderr) is told what it held."""
    note = note or _note
    for item in items:
        if not _is_warc(item):
            yield from extract_inputs([item], format=format, published=published, settings=settings)
            continue
        held: dict[str, int] = {}
        pages = 0
        for page in warc_pages(item, settings, held):
            pages += 1
            if isinstance(page, NewsdeskError):
                yield Outcome(page.input or item, error=page)
                continue
            try:
                yield Outcome(page.input, article=extract(page, format=format, published=published,
                                                          settings=settings))
            except NewsdeskError as exc:
                yield Outcome(page.input, error=exc)
            except Exception as exc:  # a bug on one page must not cost the others
                yield Outcome(page.input, error=NewsdeskError(f"internal error ({type(exc).__name__}: {exc})",
                                                              input=page.input))
        if not pages:  # nothing to do is no error (exit 0), but `[]` or "nothing stored" alone said not why
            note(f"{item}: {held_summary(held)}")


def _note(text: str) -> None:
    click.echo(one_line(f"newsdesk: note: {text}"), err=True)


def count_pages(items: Sequence[str]) -> int:
    """How many outcomes :func:`input_outcomes` will give (reads the WARC files' headers)."""
    total = 0
    for item in items:
        if not _is_warc(item):
            total += 1
            continue
        try:
            total += sum(1 for _ in warc_index(item)) or 1
        except NewsdeskError:
            total += 1
    return total
