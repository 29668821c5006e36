"""``newsdesk quotes``: who said what across the stored articles — a thin shell over ``Store.quotes``.

Every NewsdeskError becomes one line ``newsdesk: error: …`` and exit status 1; with ``--jsonl``
stdout carries JSON lines only.
"""

from __future__ import annotations

import click

from ..errors import NewsdeskError
from ..shown import shown_time
from ..store import QuoteFilter, QuoteHit
from ..store.quotes import KINDS
from .store import _fail, _none_stored, _opened, _show_hits, db_option


@click.command("quotes")
@click.argument("words", nargs=-1)
@click.option("--speaker", metavar="NAME", help="Every word of NAME in the speaker's name (\"Zelensky\").")
@click.option("--kind", type=click.Choice(KINDS), help="Only direct, indirect or mixed quotes.")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (inclusive).")
@click.option("--stances", is_flag=True, help="Stances too (\"blocked a vote\"), not only statements: words quoted, "
              "a speech verb's content or a clause.")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most quotes shown.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many (newest first).")
@click.option("--after", metavar="CURSOR", help="Only the quotes after the one whose \"next\" (--jsonl) is CURSOR: "
              "the next page, read by index however deep (in place of --offset).")
@click.option("--jsonl", is_flag=True, help='One JSON line per quote: {"speaker", "text", "kind", "article_id", '
              '"title", "url", "source", "published", "story", "statement", "articles", "next"}.')
def quotes_command(words: tuple[str, ...], speaker: str | None, kind: str | None, since: str | None,
                   until: str | None, stances: bool, db: str | None, limit: int, offset: int, after: str | None,
                   jsonl: bool) -> None:
    """Who said what: stored quotes, newest first, each once (a syndicated copy's quotes are its
    original's). WORDS: every one of them in the quote (case ignored). Statements only, unless
    --stances: a stance on a thing ("X blocked a vote") is no statement.

    \b
    Examples:
      newsdesk quotes --speaker Zelensky ceasefire
      newsdesk quotes --kind direct --since 2022-03 --jsonl
      newsdesk quotes --speaker Zelensky --after CURSOR   (CURSOR: the last line's "next")
    """
    try:
        wanted = QuoteFilter(speaker=speaker, words=" ".join(words) or None, kind=kind, since=since, until=until,
                             after=after, stances=stances)
    except NewsdeskError as exc:  # a bad filter is the error, whatever the database
        _fail(str(exc))
    with _opened(db, existing=True) as store:
        hits = store.quotes(wanted, limit=limit, offset=offset)
        none_stored = _none_stored(store, hits, jsonl)
    _show_hits(hits, jsonl, "quotes", _show, none_stored)


def _show(hit: QuoteHit, width: int) -> None:
    more = f" (+{hit.articles - 1} more)" if hit.articles > 1 else ""
    kind = hit.kind if hit.statement else f"{hit.kind}, stance"
    head = f"{shown_time(hit.published):20}  {hit.speaker or '(unnamed)'} [{kind}]{more}"
    click.echo(head[:width])
    click.echo(f"    {hit.text}"[:width] if width < 10_000 else f"    {hit.text}")
    click.echo(f"    {hit.source or ''} {hit.url or hit.article_id[:12]}".rstrip()[:width])
