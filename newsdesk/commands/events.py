"""``newsdesk events``: who did what to whom, where and when across the stored articles — a thin
shell over ``Store.events``.

Every NewsdeskError becomes one line ``newsdesk: error: …`` and exit status 1; with ``--jsonl``
stdout carries JSON lines only.
"""

from __future__ import annotations

import click

from ..errors import NewsdeskError
from ..shown import shown_day
from ..store import EventFilter, EventHit
from ..store.events import MODALITIES
from .store import _fail, _none_stored, _opened, _show_hits, db_option


@click.command("events")
@click.argument("type", required=False, metavar="[TYPE]")
@click.option("--party", metavar="NAME", help="Every word of NAME in the actor's or the target's name (\"Russia\").")
@click.option("--actor", metavar="NAME", help="Every word of NAME in the actor's name.")
@click.option("--target", metavar="NAME", help="Every word of NAME in the target's name.")
@click.option("--place", metavar="NAME", help="Every word of NAME in the event's place (\"Kyiv\").")
@click.option("--modality", type=click.Choice(MODALITIES),
              help="Only events said to have happened (asserted), or only intended, requested, … ones.")
@click.option("--since", metavar="DATE", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD): the event's own "
              "date, else its article's publication date.")
@click.option("--until", metavar="DATE", help="On or before DATE (inclusive).")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most events shown.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many (latest first).")
@click.option("--after", metavar="CURSOR", help="Only the events after the one whose \"next\" (--jsonl) is CURSOR: "
              "the next page, read by index however deep (in place of --offset).")
@click.option("--jsonl", is_flag=True, help='One JSON line per event: {"type", "trigger", "modality", "actor", '
              '"target", "place", "date", "article_id", "title", "url", "source", "published", "story", "articles", '
              '"next"}.')
def events_command(type: str | None, party: str | None, actor: str | None, target: str | None, place: str | None,
                   modality: str | None, since: str | None, until: str | None, db: str | None, limit: int,
                   offset: int, after: str | None, jsonl: bool) -> None:
    """Who did what to whom, where and when: stored PLOVER events, the latest first, each once (a
    syndicated copy's events are its original's; one story's reports of the same event are one).
    TYPE: one PLOVER type (CONSULT, ASSAULT, PROTEST, …; docs/understand.md lists them).

    \b
    Examples:
      newsdesk events ASSAULT --place Kharkiv --since 2022-03
      newsdesk events --party Russia --modality asserted --jsonl
      newsdesk events ASSAULT --after CURSOR   (CURSOR: the last line's "next")
    """
    try:
        wanted = EventFilter(type=type, actor=actor, target=target, party=party, place=place, modality=modality,
                             since=since, until=until, after=after)
    except NewsdeskError as exc:  # a bad filter is the error, whatever the database
        _fail(str(exc))
    with _opened(db, existing=True) as store:
        hits = store.events(wanted, limit=limit, offset=offset)
        none_stored = _none_stored(store, hits, jsonl)
    _show_hits(hits, jsonl, "events", _show, none_stored)


def _show(hit: EventHit, width: int) -> None:
    click.echo(_line(hit)[:width])
    click.echo(f"    {hit.source or ''} {hit.url or hit.article_id[:12]}".rstrip()[:width])


def _line(hit: EventHit) -> str:
    """``2022-03-29  CONSULT  Ukraine → Russia  in Turkey  ("sat face")``, the modality when not asserted."""
    when = hit.date or shown_day(hit.published)  # the event's own date, else its article's day in UTC
    who = " → ".join(p for p in (hit.actor or "?", hit.target) if p)
    where = f"  in {hit.place}" if hit.place else ""
    how = "" if hit.modality == "asserted" else f" [{hit.modality}]"
    more = f" (+{hit.articles - 1} more)" if hit.articles > 1 else ""
    return f"{when:10}  {hit.type}{how}  {who}{where}  (\"{hit.trigger}\"){more}"
