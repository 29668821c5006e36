"""``newsdesk entities``: who is who across the stored articles — a thin shell over ``Store.entities``.

Every NewsdeskError becomes one line ``newsdesk: error: …`` and exit status 1; with ``--jsonl``
stdout carries JSON lines only.
"""

from __future__ import annotations

import click

from ..errors import NewsdeskError
from ..store import NameFilter, NameHit
from ..store.people import TYPES
from .store import _fail, _none_stored, _opened, _show_hits, db_option


@click.command("entities")
@click.argument("name", nargs=-1)
@click.option("--type", "kind", type=click.Choice(tuple(TYPES)), help="Only people, organisations, places or groups.")
@click.option("--since", metavar="DATE", help="Named in articles published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Named in articles published on or before DATE (inclusive).")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most entities shown.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many (the most named first).")
@click.option("--after", metavar="CURSOR", help="Only the entities ranked after the one whose \"next\" (--jsonl) is "
              "CURSOR: the next page (in place of --offset).")
@click.option("--jsonl", is_flag=True, help='One JSON line per entity: {"name", "type", "articles", "stories", '
              '"last_seen", "titles", "next"}.')
def entities_command(name: tuple[str, ...], kind: str | None, since: str | None, until: str | None, db: str | None,
                     limit: int, offset: int, after: str | None, jsonl: bool) -> None:
    """Who is who: the people, organisations, places and groups the stored articles name, the most
    named first, with the titles the newest articles give them. NAME: every word in the entity's name.

    \b
    Examples:
      newsdesk entities --type person --since 2022-03
      newsdesk entities Zelensky
      newsdesk entities --type person --after CURSOR   (CURSOR: the last line's "next")
    """
    try:
        wanted = NameFilter(type=kind, name=" ".join(name) or None, since=since, until=until, after=after)
    except NewsdeskError as exc:  # a bad filter or cursor is the error, whatever the database
        _fail(str(exc))
    with _opened(db, existing=True) as store:
        hits = store.entities(wanted, limit=limit, offset=offset)
        none_stored = _none_stored(store, hits, jsonl)
    _show_hits(hits, jsonl, "entities", _show, none_stored)


def _show(hit: NameHit, width: int) -> None:
    titles = f"  ({'; '.join(hit.titles)})" if hit.titles else ""
    click.echo(f"{hit.articles:5} art. {hit.stories:4} st.  {hit.type:6}  {hit.name}{titles}"[:width])
