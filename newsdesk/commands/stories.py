"""Story commands: ``stories`` (list, or ``--rebuild``), ``story ID`` and ``cluster --input-jsonl``.

Thin shells over :mod:`newsdesk.stories`; every NewsdeskError becomes one line
``newsdesk: error: …`` and exit status 1. With ``--jsonl`` stdout carries JSON lines only.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import click

from ..alerts.store import AlertStore
from ..cli import _settings, no_lines
from ..errors import NewsdeskError
from ..pipeline import Outcome, analyze_outcomes, jsonl_lines, read_jsonl_articles
from ..shown import shown_time
from ..stdio import failed_count
from ..store import Store
from ..stories import StoryDesk, StoryTracker
from ..stories.records import Development, Story, StoryEdit, timeline
from ..stories.service import rebuild_cost
from ..types import to_dict
from .store import _fail, _load_analyzer, _opened, db_option


@click.command("stories")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most stories shown.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many (most recent first).")
@click.option("--jsonl", is_flag=True, help="One story record per line (articles, places; no developments).")
@click.option("--rebuild", is_flag=True,
              help="Forget every story and re-cluster every stored article in the order stored, making "
                   "editors' corrections again (the same result as online processing in that order).")
def stories_command(db: str | None, limit: int, offset: int, jsonl: bool, rebuild: bool) -> None:
    """List developing stories, the most recently updated first.

    \b
    Examples:
      newsdesk stories --limit 10
      newsdesk stories --jsonl
      newsdesk stories --rebuild
    """
    with _opened(db, existing=True) as store:
        if rebuild:
            count = StoryDesk(store, start=False).rebuild(_skipped, _progress(store))
            AlertStore(store).skip_to_latest()  # the rebuilt developments are history, not news to alert on
            click.echo(f"re-clustered {count} articles into {len(store.stories(limit=1_000_000))} stories", err=True)
            return
        found = store.stories(limit=limit, offset=offset)
    if jsonl:
        for story in found:
            click.echo(json.dumps(_record(story), ensure_ascii=False))
        return
    if not found:  # past the last one is not "none yet"
        click.echo(f"no stories past the first {offset}" if offset else "no stories yet", err=True)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    for story in found:
        updated = shown_time(story.last_updated)
        line = f"{story.id}  {updated:20}  {story.article_count:4} art.  {story.title or '(no title)'}"
        click.echo(line[:width])


def _skipped(edit: StoryEdit, exc: NewsdeskError) -> None:
    """A rebuild goes on without a correction that no longer applies: say so, and how to remove it."""
    click.echo(f"newsdesk: note: the editor's {edit.kind} #{edit.pk} no longer applies: {exc} "
               f"(remove it: newsdesk story {edit.source} --undo {edit.pk})", err=True)


def _progress(store: Store) -> Callable[[int, int], None] | None:
    """At a terminal, what a rebuild will take, then how far it got on one stderr line written over
    (minutes at 100k articles)."""
    if not sys.stderr.isatty():
        return None
    click.echo(f"rebuilding every story: {rebuild_cost(store)}", err=True)

    def say(done: int, total: int) -> None:
        click.echo(f"\rre-clustering: {done:,} of {total:,} articles", err=True, nl=done >= total)

    return say


def _record(story: Any) -> dict[str, Any]:
    record: dict[str, Any] = to_dict(story)
    if not story.developments:
        record.pop("developments")  # a listing leaves them out; `newsdesk story ID` has them
    return record


@click.command("story")
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--timeline", is_flag=True, help="Print the timeline as text: each article that added something, "
                                               "with its new quotes and events, and who copied it.")
@click.option("--move", "move", metavar="ARTICLE", help="Correct the story: move this article of it (with its copies; "
                                                        "a copy moves alone) to the story --to names.")
@click.option("--to", "to", metavar="STORY|new", help="Where --move takes the article: a story id, or new.")
@click.option("--merge", "merge", metavar="OTHER", help="Correct the story: fold story OTHER into it (one story).")
@click.option("--editor", metavar="NAME", help="Who made the correction (kept with it).")
@click.option("--edits", is_flag=True, help="List the corrections of the story (with --jsonl: one JSON line each).")
@click.option("--undo", type=click.IntRange(1), metavar="EDIT",
              help="Undo the story's correction numbered EDIT (see --edits): forget it and rebuild the stories.")
@click.option("--jsonl", is_flag=True, help="With --move, --merge or --undo: print the correction as one JSON line; "
                                            "with --edits, each.")
def story_command(story_id: str, db: str | None, timeline: bool, move: str | None, to: str | None,
                  merge: str | None, editor: str | None, edits: bool, undo: int | None, jsonl: bool) -> None:
    """Print one story as JSON: its articles in time order, its timeline of developments, its places.

    With --move or --merge, correct it instead and say what moved where (--jsonl: the correction as
    JSON). The correction is kept, stories --rebuild makes it again, and later articles like the
    one moved follow it. --edits lists the story's corrections; --undo EDIT takes one back (the
    stories as if it had not been made: the one just made at once, an earlier one by a rebuild).

    \b
    Examples:
      newsdesk story s3f2a --timeline
      newsdesk story s3f2a --move 9c41e --to new
      newsdesk story s3f2a --move 9c41e --to s77b0
      newsdesk story s3f2a --merge s77b0
      newsdesk story s3f2a --edits
      newsdesk story s3f2a --undo 3
    """
    if not story_id.strip():  # `story ""` said "no story with id ", naming nothing (as show did)
        raise click.BadParameter("empty: give a story's id, or its first characters", param_hint="ID")
    if edits or undo:
        if move or merge or to or editor or timeline or (edits and undo):
            _fail("--edits and --undo go in a command of their own (not with --move, --merge or --timeline)")
        if edits:
            _list_edits(story_id, db, jsonl)
        else:
            _undo(story_id, db, undo or 0, jsonl)
        return
    if jsonl and not (move or merge or to or editor):  # "story ID --jsonl" read as the story as a line
        _fail("--jsonl goes with --move, --merge, --undo or --edits; the story itself is JSON without it")
    if move or merge or to or jsonl or editor:
        if timeline:
            _fail("--timeline shows a story: correct it (--move, --merge) in a command of its own")
        _correct(story_id, db, move, to, merge, editor, jsonl)
        return
    with _opened(db, existing=True) as store:
        story = _found(store, story_id)
    if timeline:
        for line in timeline_lines(story):
            click.echo(line)
        return
    click.echo(json.dumps(to_dict(story), ensure_ascii=False, indent=2))


def _found(store: Store, story_id: str) -> Story:
    story = store.story(story_id)
    if story is None:
        several = len(store.story_ids(story_id)) > 1  # ambiguous, as show says, not "no story"
        _fail(f"id {story_id} is ambiguous; give more of it" if several else f"no story with id {story_id}")
    return story


def _correct(story_id: str, db: str | None, move: str | None, to: str | None, merge: str | None,
             editor: str | None, jsonl: bool) -> None:
    """``story ID --move ARTICLE --to STORY|new`` or ``story ID --merge OTHER``."""
    if bool(move) == bool(merge):
        _fail("give one of --move ARTICLE (with --to) or --merge OTHER" if not (move and merge)
              else "--move and --merge go in separate commands")
    if bool(move) != bool(to):
        _fail("--move ARTICLE needs --to STORY|new" if move else "--to goes with --move ARTICLE")
    with _opened(db, existing=True) as store:
        desk = StoryDesk(store)
        if move and to:
            story = _found(store, story_id)
            article = store.get(move) or store.get(store.resolve_id(move))  # InputError: unknown or ambiguous
            where = store.story_of(article.id) if article is not None else None
            if article is None or where != story.id:
                _fail(f"article {move} is in story {where}, not {story.id}" if where else
                      f"article {move} is in no story")
            edit = desk.move(article.id, to, editor=editor)
        else:
            edit = desk.merge(story_id, merge or "", editor=editor)
    if jsonl:
        click.echo(json.dumps(to_dict(edit), ensure_ascii=False))
        return
    if edit.kind == "merge":
        count = len(edit.moved)
        click.echo(f"merged {edit.source} into {edit.story_id} ({count} article{'' if count == 1 else 's'} moved)")
        return
    if edit.source == edit.story_id:
        click.echo(f"made {edit.article_id[:12]} a member of {edit.story_id} (a copy no more)")
        return
    copies = len(edit.moved) - 1
    click.echo(f"moved {edit.article_id[:12]}{f' and {copies} cop' + ('y' if copies == 1 else 'ies') if copies else ''}"
               f" from {edit.source} to {'a new story ' if edit.new else ''}{edit.story_id}")


def _list_edits(story_id: str, db: str | None, jsonl: bool) -> None:
    """``story ID --edits``: the story's corrections, the first made first."""
    with _opened(db, existing=True) as store:
        story = _found(store, story_id)
        found = store.story_edits_of(story.id)
    for edit in found:
        click.echo(json.dumps(to_dict(edit), ensure_ascii=False) if jsonl else edit_line(edit))
    if not found and not jsonl:
        click.echo(f"no corrections of story {story.id}", err=True)


def edit_line(edit: StoryEdit) -> str:
    """A correction in one line: its number (for --undo), when, what moved where, by whom."""
    when = shown_time(edit.created_at)
    return f"#{edit.pk}  {when}  {_what(edit)}{f'  by {edit.editor}' if edit.editor else ''}"


def _what(edit: StoryEdit) -> str:
    if edit.kind == "merge":
        count = len(edit.moved)
        return f"merge {edit.source} into {edit.story_id} ({count} article{'' if count == 1 else 's'})"
    if edit.source == edit.story_id:
        return f"move {edit.article_id[:12]}: a member of {edit.story_id}, a copy no more"
    copies = len(edit.moved) - 1
    return (f"move {edit.article_id[:12]}{f' and {copies} cop' + ('y' if copies == 1 else 'ies') if copies else ''}"
            f" from {edit.source} to {'a new story ' if edit.new else ''}{edit.story_id}")


def _undo(story_id: str, db: str | None, pk: int, jsonl: bool) -> None:
    """``story ID --undo EDIT``: a correction of story ID (or one naming ID: its story may be gone) taken back."""
    with _opened(db, existing=True) as store:
        story = store.story(story_id)
        edit = next((e for e, _ in store.story_edits() if e.pk == pk), None)
        if edit is None or not (story_id in (edit.story_id, edit.source) or
                                (story is not None and edit in store.story_edits_of(story.id))):
            if story is None:
                _found(store, story_id)  # no story, or an ambiguous id
            named = story.id if story is not None else story_id
            _fail(f"story {named} has no correction #{pk} (see: newsdesk story {named} --edits)")
        edit = StoryDesk(store, start=False).undo(pk, _skipped, _progress(store))
        AlertStore(store).skip_to_latest()  # the rebuilt developments are history, not news to alert on
    if jsonl:
        click.echo(json.dumps(to_dict(edit), ensure_ascii=False))
        return
    click.echo(f"undid #{edit.pk} ({_what(edit)}): the stories are as if it had not been made")


def timeline_lines(story: Story) -> Iterator[str]:
    """A story for a terminal: its head, then per article (time order) what it added and its copies."""
    yield f"{story.id}  {story.title or '(no title)'}"
    yield (f"first seen {shown_time(story.first_seen)} · updated {shown_time(story.last_updated)}"
           f" · {story.article_count} article{'' if story.article_count == 1 else 's'}")
    for entry in timeline(story):
        member = entry.article
        yield ""
        when = shown_time(member.published)
        yield f"{when:20}  {member.source or ''}  {member.title or '(no title)'}".replace("    ", "  ")
        for dev in entry.developments:
            yield f"  + {_development(dev)}"
        if entry.copies:
            yield f"  copies: {', '.join(c.source or c.url or c.id[:12] for c in entry.copies)}"


def _development(dev: Development) -> str:
    data = dev.payload
    if dev.kind == "quote":
        speaker = (data.get("speaker") or {}).get("name") or "unattributed"
        return f"quote  {speaker}: {data.get('text') or dev.sentence}"
    if dev.kind == "event":
        parties = " -> ".join(str((data.get(k) or {}).get("name")) for k in ("actor", "target") if data.get(k))
        where = (data.get("location") or {}).get("name")
        what = " ".join(x for x in (str(data.get("type") or "").upper(), parties, f"at {where}" if where else "") if x)
        return f"event  {what}: {dev.sentence}"
    return f"new    {dev.sentence}"


@click.command("cluster")
@click.option("--input-jsonl", "input_jsonl", type=click.File("rb"), metavar="FILE", required=True,
              help='Article lines {"id", "title"?, "text", "url"?, "published"?}, in stream order.')
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Find entities, quotes and events first (names, event types and places help matching).")
@click.option("--stream", is_flag=True,
              help='Print each line as it is assigned; an article a later split or late join moves is printed again '
                   '(status "moved"), so an id\'s last line holds its story.')
def cluster_command(input_jsonl: BinaryIO, analyze: bool, stream: bool) -> None:
    """Assign each article line to a story, without a database: prints {"id", "story", "status",
    "copy_of"} per input line, in input order, with each article's story at the end of the stream
    (a later report can split an article out of the story it first joined; status is how it came in).
    A bad line: {"id"|"line", "error"}, exit status 1 at the end.

    \b
    Examples:
      newsdesk cluster --input-jsonl articles.jsonl
      newsdesk extract --jsonl pages/ | newsdesk cluster --input-jsonl - --no-analyze
      newsdesk export | newsdesk cluster --input-jsonl - --no-analyze --stream
    """
    outcomes: Iterable[Outcome] = read_jsonl_articles(jsonl_lines(input_jsonl, _settings().max_input_bytes))
    if analyze:
        analyzer = _load_analyzer(True)
        if analyzer is not None:
            outcomes = analyze_outcomes(outcomes, analyzer.results)
    lines = _clustered(outcomes, StoryTracker(novelty=False))
    failed = total = 0
    for line in lines if stream else _final(lines):
        failed += "error" in line
        total += line.get("status") != "moved"  # a moved article's line again is no new input
        click.echo(json.dumps(line, ensure_ascii=False))
    if not total:
        no_lines(input_jsonl)
    if failed:  # as analyze --input-jsonl: a cron job's mail says it, stdout stays JSON lines
        failed_count(failed, total, "line")
    sys.exit(1 if failed else 0)


def _final(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per input, in input order, a moved article's line carrying the story it ended in."""
    out: list[dict[str, Any]] = []
    where: dict[str, int] = {}
    for line in lines:
        at = where.get(line.get("id", "")) if line.get("status") == "moved" else None
        if at is not None:
            out[at] = {**out[at], "story": line["story"]}
            continue
        if "story" in line:
            where[line["id"]] = len(out)
        out.append(line)
    return out


def _clustered(outcomes: Iterable[Outcome], tracker: StoryTracker) -> Iterator[dict[str, Any]]:
    inputs: dict[str, str] = {}  # article id -> its input's id, for articles a later split or late join moves
    for outcome in outcomes:
        if outcome.article is None:
            record: dict[str, Any] = {"line": outcome.line, "error": outcome.error.reason if outcome.error else "?"}
            yield record if outcome.input == f"line {outcome.line}" else {"id": outcome.input, **record}
            continue
        try:
            assignment = tracker.assign(outcome.article)
        except NewsdeskError as exc:
            yield {"id": outcome.input, "error": exc.reason}
            continue
        inputs[outcome.article.id] = outcome.input
        yield {"id": outcome.input, "story": assignment.story_id, "status": assignment.status,
               "copy_of": assignment.copy_of}
        for earlier in assignment.moved:  # a split or late join took an earlier article here: its line again
            yield {"id": inputs.get(earlier, earlier), "story": assignment.story_id, "status": "moved", "copy_of": None}


COMMANDS = (stories_command, story_command, cluster_command)
