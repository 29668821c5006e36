"""Storage commands: ``ingest``, ``search``, ``show``, ``export`` — thin shells over :mod:`newsdesk.store`.

Every :class:`~newsdesk.errors.NewsdeskError` becomes one line ``newsdesk: error: …`` on stderr
and exit status 1; with ``--jsonl`` stdout carries JSON lines only.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, cast

import click

from ..errors import InputError, NewsdeskError, StoreUnavailableError, one_line
from ..extract import FORMATS, normalise_date
from ..ingest import expand_inputs
from ..memory import freeze_loaded
from ..monitor.inputs import count_pages, input_outcomes
from ..pipeline import Outcome, analyze_outcomes
from ..settings import Settings
from ..shown import shown_time
from ..stdio import failed_count
from ..store import Store, open_store
from ..store.export import FORMATS as EXPORT_FORMATS
from ..store.export import write_csv, write_jsonl, write_parquet
from ..store.location import resolve
from ..store.query import parse
from ..stories import StoryDesk, assign_line
from ..types import Article, to_dict

Pipe = Callable[[Iterable[Article]], Iterator[Article | NewsdeskError]]

db_option = click.option(
    "--db", metavar="URL", envvar="NEWSDESK_DB", show_envvar=True,
    help="Database: a file path, sqlite:///PATH, :memory: or postgresql://… "
         "(default: newsdesk.db under NEWSDESK_HOME, else the user data folder).")


def _fail(message: str) -> NoReturn:
    click.echo(f"newsdesk: error: {one_line(message)}", err=True)
    sys.exit(1)


NONE_STORED = ("no articles stored yet: store some with newsdesk ingest PAGE, newsdesk source add URL and "
               "newsdesk run, or newsdesk demo")


def _none_stored(store: Store, hits: Sequence[Any], jsonl: bool) -> bool:
    """Whether a listing found nothing because nothing is stored (counted only then): "no matching
    quotes" of an empty database read as filters too narrow, and said nothing of how to fill it."""
    return not hits and not jsonl and store.count() == 0


def _show_hits(hits: Sequence[Any], jsonl: bool, what: str, show: Callable[[Any, int], None],
               none_stored: bool = False) -> None:
    """A listing command's output: JSON lines, or ``no matching WHAT`` on stderr (or that nothing is
    stored), or each hit shown by ``show(hit, width)`` (width: the terminal's, 10,000 when piped)."""
    if jsonl:
        for hit in hits:
            click.echo(json.dumps(to_dict(hit), ensure_ascii=False))
        return
    if not hits:
        click.echo(NONE_STORED if none_stored else f"no matching {what}", err=True)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    for hit in hits:
        show(hit, width)


@contextmanager
def _opened(db: str | None, *, existing: bool = False) -> Iterator[Store]:
    """The store, closed afterwards; its errors (and the caller's NewsdeskErrors) end the command.

    ``existing``: a command that only reads refuses a SQLite file that is not there, rather than
    make an empty one and report nothing (a mistyped ``--db`` looked like an empty database)."""
    try:
        if existing:
            location = resolve(db)
            if location.backend == "sqlite" and location.target and not os.path.exists(location.target):
                _fail(f"{location.target}: no database there (newsdesk ingest, run or demo makes one)")
        store = open_store(db)
    except NewsdeskError as exc:
        _fail(str(exc))
    try:
        yield store
    except NewsdeskError as exc:
        _fail(str(exc))
    finally:
        store.close()


def analyzer_pipe(analyze: bool | None, processes: int = 1) -> Pipe | None:
    """The NLP stage's batch pipe (on ``processes`` worker processes when more than one); None when
    turned off, or (with a note) when it is not installed."""
    analyzer = _load_analyzer(analyze, processes)  # results: an article the stage fails on comes out as its error
    return None if analyzer is None else cast(Pipe, getattr(analyzer, "results", None) or analyzer.pipe)


def _load_analyzer(analyze: bool | None, processes: int = 1) -> Any:
    """The NLP stage (an ``Analyzer``); None when turned off, or (with a note) when it is not installed."""
    if analyze is False:
        return None
    try:  # imported here: spaCy and its model load only when articles are analysed
        analyzer_class = importlib.import_module("newsdesk.understand").Analyzer
    except (ImportError, AttributeError) as exc:
        click.echo(f"newsdesk: note: the NLP stage is not available ({exc}); storing articles without "
                   "entities, quotes and events", err=True)
        return None
    try:
        analyzer = analyzer_class(n_process=processes)
    except NewsdeskError as exc:
        if analyze:
            _fail(str(exc))
        click.echo(f"newsdesk: note: the NLP stage cannot start ({exc}); storing articles without it", err=True)
        return None
    freeze_loaded()  # the model is long-lived: out of every later collection
    return analyzer


def _stored(store: Store, outcome: Outcome, desk: StoryDesk | None = None) -> dict[str, Any]:
    """Store one outcome (and assign it to a story); its JSON line."""
    if outcome.article is None:
        return {"input": outcome.input, "error": outcome.error.reason if outcome.error else "no result"}
    try:
        result = store.put(outcome.article)
    except StoreUnavailableError:
        raise  # the database went away: the command ends with one line, not one per input left
    except NewsdeskError as exc:
        return {"input": outcome.input, "error": exc.reason}
    line: dict[str, Any] = {"input": outcome.input, "id": result.id, "status": result.status}
    if result.duplicate_of is not None:
        line["duplicate_of"] = result.duplicate_of
    if desk is not None and result.status != "duplicate":  # stories (#6): the article is stored already
        line.update(assign_line(desk, dataclasses.replace(outcome.article, id=result.id)))
    elif desk is not None:
        # a duplicate with no story: its assignment failed when it was stored (the database went away
        # between the two); the command run again, as the error said, assigns it now
        line.update(_assign_storyless(store, desk, result.duplicate_of or result.id))
    return line


def _assign_storyless(store: Store, desk: StoryDesk, article_id: str) -> dict[str, str]:
    """The stored article's assignment fields, when it has no story yet; else none."""
    try:
        stored = None if store.story_of(article_id) is not None else store.get(article_id)
    except StoreUnavailableError:
        raise
    except NewsdeskError as exc:
        return {"story_error": exc.reason}
    return {} if stored is None else assign_line(desk, stored)


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@click.option("--published", metavar="DATE",
              help="Publication date (YYYY-MM-DD or ISO datetime); beats the page's own.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Input format; auto tells HTML from a plain-text page dump.")
@click.option("--jsonl", is_flag=True, help='One line per input as soon as it is committed: {"input", "id", '
              '"status", "duplicate_of"?, "story"?, "story_status"?} or {"input", "error"}.')
@click.option("--analyze/--no-analyze", default=None,
              help="Find entities, quotes and events before storing (default: on when the NLP stage is installed).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes for the NLP stage (default: 1 for one input, else up to 2).")
def ingest_command(inputs: tuple[str, ...], db: str | None, published: str | None, fmt: str, jsonl: bool,
                   analyze: bool | None, workers: int | None) -> None:
    """Extract each INPUT (file, folder, URL, WARC file, - for stdin) and store it: stored, duplicate or updated.

    \b
    Examples:
      newsdesk ingest pages/ https://example.com/news/story.html
      newsdesk ingest --published 2022-03-29 --jsonl dump.txt
      newsdesk ingest --db postgresql://news@db/newsdesk crawl.warc.gz
    """
    try:
        settings = Settings.load()
        items = expand_inputs(list(inputs), keep_empty=True, warcs=True)  # an empty folder fails in its place
        date = normalise_date(published, "--published") if published else None
    except NewsdeskError as exc:
        if not jsonl:
            _fail(str(exc))
        click.echo(json.dumps({"input": exc.input, "error": exc.reason}, ensure_ascii=False))
        click.echo("newsdesk: error: " + one_line(str(exc)), err=True)  # a cron job mails stderr
        sys.exit(1)
    pipe = analyzer_pipe(analyze, workers or (1 if len(items) == 1 else 2))
    counts: Counter[str] = Counter()
    with _opened(db) as store:
        outcomes = input_outcomes(items, format=fmt, published=date, settings=settings)
        if pipe is not None:
            outcomes = analyze_outcomes(outcomes, pipe)
        hidden = not sys.stderr.isatty() or (jsonl and sys.stdout.isatty())
        length = len(items) if hidden else count_pages(items)
        with click.progressbar(length=length, label="ingesting", file=sys.stderr, hidden=hidden) as bar:
            desk = StoryDesk(store)
            for outcome in outcomes:
                line = _stored(store, outcome, desk)
                counts[line.get("status", "failed")] += 1
                if jsonl:
                    click.echo(json.dumps(line, ensure_ascii=False))
                elif "error" in line:
                    click.echo("newsdesk: error: " + one_line(f"{line['input']}: {line['error']}"), err=True)
                elif "story_error" in line:  # said, or the user never learns to run it again
                    click.echo("newsdesk: note: " + one_line(f"{line['input']}: stored without a story "
                               f"({line['story_error']}); ingest it again to assign it"), err=True)
                bar.update(1)
    if not jsonl:
        click.echo(", ".join(f"{counts[k]} {k}" for k in ("stored", "updated", "duplicate", "failed") if counts[k])
                   or "nothing stored")
    elif counts["failed"]:
        failed_count(counts["failed"], sum(counts.values()), "input")
    sys.exit(1 if counts["failed"] else 0)


JSONL_FIELDS = ("id", "title", "url", "published", "source", "snippet")


class QueryCommand(click.Command):
    """A command whose QUERY may hold a word starting with '-' (NOT, in the query language): a token
    '-word' that is not one of the command's options is part of the query, not an unknown option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {name: not (param.is_flag or param.count) for param in self.get_params(ctx)
                       if isinstance(param, click.Option) for name in (*param.opts, *param.secondary_opts)}
        options: list[str] = []
        words: list[str] = []
        tokens = iter(args)
        for token in tokens:
            name = token.split("=", 1)[0]
            if token == "--":
                words += tokens
            elif name in takes_value or token.startswith("--"):  # an option, or click's one-line refusal
                wants = takes_value.get(name, False) and "=" not in token
                value = list(itertools.islice(tokens, 1 if wants else 0))
                options += [token, *value]
                if wants and not value:
                    return super().parse_args(ctx, options)  # click says the option wants a value
            else:
                words.append(token)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


@click.command("search", cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most hits shown.")
@click.option("--jsonl", is_flag=True, help='One JSON line per hit: {"id", "title", "url", "published", "source", '
              '"snippet"}.')
def search_command(query: tuple[str, ...], db: str | None, limit: int, jsonl: bool) -> None:
    """Find stored articles, best first. QUERY: words, "phrases", person: org: place: said: event: source:
    since: until:, AND/OR/NOT and parentheses (see docs/storage.md).

    \b
    Examples:
      newsdesk search 'ceasefire person:Zelensky since:2022-03'
      newsdesk search '"peace talks" OR said:Medinsky' --limit 5 --jsonl
    """
    try:
        tree = parse(" ".join(query))  # a query that cannot be read is the error, whatever the database
    except NewsdeskError as exc:
        _fail(str(exc))
    with _opened(db, existing=True) as store:
        hits = store.search(tree, limit=limit)
        none_stored = _none_stored(store, hits, jsonl)
    if jsonl:
        for hit in hits:  # the fields #5 names, exactly: scripts read these lines
            click.echo(json.dumps({k: v for k, v in to_dict(hit).items() if k in JSONL_FIELDS}, ensure_ascii=False))
        return
    if not hits:
        click.echo(NONE_STORED if none_stored else "no matching articles", err=True)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    for hit in hits:
        date, source = shown_time(hit.published), (hit.source or "")[:18]  # in UTC, as the pages show it
        copy = f"  (copy of {hit.copy_of[:12]})" if hit.copy_of else ""
        click.echo(f"{hit.id[:12]}  {date:20}  {source:18}  {hit.title or '(no title)'}{copy}"[:width])


@click.command("show")
@click.argument("article_id", metavar="ID")
@db_option
def show_command(article_id: str, db: str | None) -> None:
    """Print one stored article record as JSON (ID may be shortened to a unique prefix).

    \b
    Examples:
      newsdesk show 3f2a9c1b                     an id as search, stories and quotes print it
      newsdesk show --db news.db 3f2a | jq .quotes
    """
    if not article_id.strip():  # `show ""` said "no article with id ", naming nothing
        raise click.BadParameter("empty: give an article's id, or its first characters", param_hint="ID")
    with _opened(db, existing=True) as store:
        try:
            article = store.get(article_id) or store.get(store.resolve_id(article_id))
        except InputError as exc:
            if store.count() == 0:  # no id can be right: say how to store some
                _fail(f"{exc}: {NONE_STORED}")
            if exc.reason.startswith("no article"):
                _fail(f"{exc} (newsdesk search WORDS lists articles with their ids)")
            raise
    click.echo(json.dumps(to_dict(article), ensure_ascii=False, indent=2))


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl: the full record of each article; csv: flat columns (names joined with '; '); "
                   "parquet: flat columns (names as lists) and the full record (needs --output).")
@click.option("--output", "-o", metavar="FILE", default="-", help="Write here instead of stdout.")
@click.option("--to", "to", metavar="URL", help="Copy the whole database instead (articles with their versions, "
              "stories, sources, watches, alerts, accounts, tokens) into the empty database at URL, e.g. "
              "postgresql://… from a SQLite file: all of it or nothing.")
def export_command(db: str | None, fmt: str, output: str, to: str | None) -> None:
    """Write every stored article, in the order stored (or, with --to, copy the whole database).

    \b
    Examples:
      newsdesk export > articles.jsonl
      newsdesk export --format csv -o articles.csv
      newsdesk export --format parquet -o articles.parquet
      newsdesk export --to postgresql://news@db/newsdesk
    """
    if to is not None:
        if output != "-" or fmt != "jsonl":
            _fail("--to copies the whole database: give it without --format and --output")
        _copy(db, to)
        return
    if fmt == "parquet" and output == "-":
        _fail("--format parquet writes a file: give --output FILE")
    with _opened(db, existing=True) as store:
        try:
            if output == "-":
                count = (write_csv if fmt == "csv" else write_jsonl)(store.articles(), sys.stdout)
            elif fmt == "parquet":
                with open(output, "wb") as binary:
                    count = write_parquet(store.articles(), binary)
            else:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    count = (write_csv if fmt == "csv" else write_jsonl)(store.articles(), out)
        except OSError as exc:
            if output == "-":  # `| head`, /dev/full, a closed stdout: told as every command's (stdio.py)
                raise
            _fail(f"{output}: cannot write ({exc.strerror or exc})")
    if output != "-":
        click.echo(f"exported {count} articles to {output}", err=True)


def _copy(db: str | None, to: str) -> None:
    with _opened(db, existing=True) as store:
        if resolve(to).target == resolve(db).target:
            _fail(f"{store.url}: --to names the database being copied")
        with _opened(to) as target:
            hidden = not sys.stderr.isatty()
            with click.progressbar(length=store.count(), label="copying articles", file=sys.stderr,
                                   hidden=hidden) as bar:
                done = [0]

                def progress(table: str, rows: int) -> None:
                    if table == "articles":
                        bar.update(rows - done[0])
                        done[0] = rows

                copied = store.copy_to(target, progress)
            counts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in copied.items()
                               if n and table in SUMMARY)
            click.echo(f"copied {counts or 'nothing (the database is empty)'} to {target.url}", err=True)


SUMMARY = ("articles", "article_versions", "stories", "sources", "links", "watches", "alerts", "outbox",
           "accounts", "api_tokens")


COMMANDS = (ingest_command, search_command, show_command, export_command)
