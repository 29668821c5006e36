"""The command line: thin click commands over the library; errors become one-line messages."""

from __future__ import annotations

import difflib
import functools
import importlib
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from typing import Any, BinaryIO, NoReturn, cast

import click

from . import __version__, stdio
from .errors import NewsdeskError, one_line
from .extract import FORMATS, extract, normalise_date
from .ingest import expand_inputs, load
from .ingest.fetch import is_url
from .ingest.safety import without_password
from .ingest.warc import is_warc
from .memory import batch_process, freeze_loaded
from .pipeline import Outcome, analyze_outcomes, extract_inputs, jsonl_lines, read_jsonl_articles
from .prefetch import prefetched
from .settings import SETTINGS, Settings, settings_markdown
from .types import Article, json_schema, to_dict

DEMO_PAGE = "cbs-kyiv-talks.txt"
DEMO_PUBLISHED = "2022-03-29"


def _fail(message: str) -> NoReturn:
    click.echo(f"newsdesk: error: {one_line(message)}", err=True)
    sys.exit(1)


def _settings() -> Settings:
    try:
        return Settings.load()
    except NewsdeskError as exc:
        _fail(str(exc))


# The commands of the later stages, each in its module under commands/, imported only when run
# (or listed by --help): storage, monitor, web and Spark imports cost more than extract needs.
_LAZY = {
    "ingest": "store:ingest_command", "search": "store:search_command", "show": "store:show_command",
    "export": "store:export_command",  # storage (#5)
    "quotes": "quotes:quotes_command", "entities": "people:entities_command",  # who said what, who is who (#3)
    "events": "events:events_command",  # who did what to whom, where and when (#4)
    "run": "run:run_command", "source": "sources:source_group",  # the monitor and service (#5, #7)
    "backfill": "backfill:backfill_command",  # Spark (#9)
    "stories": "stories:stories_command", "story": "stories:story_command", "cluster": "stories:cluster_command",
    "user": "access:user_group", "token": "access:token_group", "watch": "watch:watch_group",  # alerts (#7)
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _LAZY:
            return super().get_command(ctx, cmd_name)
        module, name = _LAZY[cmd_name].split(":")
        return cast(click.Command, getattr(importlib.import_module(f"newsdesk.commands.{module}"), name))

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """A mistyped command is matched against every command: click offered the eager ones only, so
        `newsdesk serach` asked "Did you mean 'extract'?"."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            name = args[0] if args else ""
            if not name or name.startswith("-") or self.get_command(ctx, name) is not None:
                raise
            close = difflib.get_close_matches(name, self.list_commands(ctx), cutoff=0.75)  # 0.6 offered "user"
            hint = f" Did you mean {close[0]!r}?" if len(close) == 1 else (
                f" (Did you mean one of: {', '.join(close)}?)" if close else "")
            raise click.UsageError(f"No such command {name!r}.{hint}", ctx) from None

    def invoke(self, ctx: click.Context) -> Any:
        """Every command's ending for scripts (see newsdesk/stdio.py): Ctrl-C is one line and exit status
        130 (click said "Aborted!" after a blank line, exit 1); a failed write to stdout is no traceback."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("newsdesk: interrupted", err=True)
            sys.exit(stdio.INTERRUPTED)
        except OSError as exc:
            if not stdio.on_stdout(exc):
                raise
            stdio.stdout_failed(exc)


# help is as wide as the terminal up to 120 columns (click's default stops at 80: the command list cut
# every summary short on a wide terminal)
@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120})
@click.version_option(__version__, prog_name="newsdesk")
def cli() -> None:
    """newsdesk: turn raw news pages into clean articles, knowledge and alerts.

    Start with `newsdesk demo` (demo stories on http://127.0.0.1:8000). `newsdesk COMMAND --help`
    gives a command's options and examples; README.md and docs/ in the source tree the rest.

    \b
    Examples:
      newsdesk extract page.html                 one clean article as JSON
      newsdesk analyze --jsonl pages/            with entities, quotes and events, a line each
      newsdesk source add https://www.theguardian.com/world/rss
      newsdesk run                               monitor, alert, serve http://127.0.0.1:8000
      newsdesk search 'person:Zelensky ceasefire since:2022-03'
    """


def _emit(outcomes: Iterable[Outcome], jsonl: bool, many: bool) -> None:
    """Print records (pretty, or one JSON line each with "input"); exit 1 if any input failed."""
    failed = total = 0
    records: list[dict[str, Any]] = []
    for outcome in outcomes:
        total += 1
        if outcome.error is not None or outcome.article is None:
            failed += 1
            reason = outcome.error.reason if outcome.error else "no result"
            if jsonl:
                click.echo(json.dumps({"input": outcome.input, "error": reason}, ensure_ascii=False))
            else:
                click.echo(f"newsdesk: error: {one_line(f'{outcome.input}: {reason}')}", err=True)
            continue
        record = {"input": outcome.input, **to_dict(outcome.article)}
        if jsonl:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            records.append(record)
    if records or (many and not jsonl and not failed):  # a WARC file of no pages gives [], not nothing
        click.echo(json.dumps(records if many else records[0], ensure_ascii=False, indent=2))
    if failed and jsonl:
        stdio.failed_count(failed, total, "input")
    sys.exit(1 if failed else 0)


def _prepare(inputs: tuple[str, ...], published: str | None, jsonl: bool) -> tuple[list[str], str | None]:
    """Validate --published and expand folders, or stop with the error (as a JSON line with --jsonl).
    A folder holding no pages stays an input, refused in its place: the other inputs go on."""
    try:
        date = normalise_date(published, "--published") if published else None
        return expand_inputs(list(inputs), keep_empty=True, warcs=True), date
    except NewsdeskError as exc:
        if not jsonl:
            _fail(str(exc))
        click.echo(json.dumps({"input": exc.input, "error": exc.reason}, ensure_ascii=False))
        click.echo(f"newsdesk: error: {one_line(str(exc))}", err=True)
        sys.exit(1)


def _outcomes(items: list[str], *, format: str, published: str | None, settings: Settings) -> Iterator[Outcome]:
    """An Outcome per input, and per archived page of a WARC file (named FILE#URL, as ingest names it)."""
    if not any(_is_warc(item) for item in items):
        return extract_inputs(items, format=format, published=published, settings=settings)
    from .monitor.inputs import input_outcomes  # imported here: the monitor's imports cost 0.2 s

    return input_outcomes(items, format=format, published=published, settings=settings)


def _is_warc(item: str) -> bool:
    return is_warc(item) and not is_url(item)


def _many(items: list[str]) -> bool:
    """Whether the records come out as a JSON array: several inputs, or a WARC file (pages, however many)."""
    return len(items) > 1 or any(_is_warc(item) for item in items)


def _input_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options extract and analyze share."""
    for option in reversed((
        click.option("--published", metavar="DATE",
                      help="Publication date (YYYY-MM-DD or ISO datetime); beats the page's own."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
                     help="Input format; auto tells HTML from a plain-text page dump."),
        click.option("--jsonl", is_flag=True,
                     help="One JSON record per line, each with its \"input\"; errors as {input, error}."),
    )):
        command = option(command)
    return command


@cli.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_input_options
def extract_command(inputs: tuple[str, ...], published: str | None, fmt: str, jsonl: bool) -> None:
    """Extract the clean article from each INPUT (a file, a folder, a WARC file, - for stdin, or a URL).

    \b
    Examples:
      newsdesk extract page.html
      newsdesk extract --published 2022-03-29 dump.txt
      newsdesk extract --jsonl pages/ https://example.com/news/1.html
      curl -s https://example.com/a | newsdesk extract -
    """
    settings = _settings()
    items, published = _prepare(inputs, published, jsonl)
    _emit(_outcomes(items, format=fmt, published=published, settings=settings), jsonl, _many(items))


def _analyzer(workers: int, events: bool = True) -> Any:
    # Imported here: spaCy and its model load only for the commands that need them.
    from .understand import Analyzer

    analyzer = Analyzer(n_process=workers, events=events)
    freeze_loaded()
    return analyzer


@cli.command("analyze")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@_input_options
@click.option("--input-jsonl", "input_jsonl", type=click.File("rb"), metavar="FILE",
              help='Analyze clean text as given: lines {"id", "text", "published"?, "title"?} (or the records of '
                   'extract --jsonl, their url, source, authors, media and removed kept); one record per line; '
                   '- for stdin.')
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes for the NLP stage (default: 1 for one article, else up to 2).")
@click.option("--no-events", "no_events", is_flag=True,
              help="Skip event coding (faster when only entities and quotes are wanted).")
def analyze_command(inputs: tuple[str, ...], published: str | None, fmt: str, jsonl: bool,
                    input_jsonl: BinaryIO | None, workers: int | None, no_events: bool) -> None:
    """Extract each INPUT (as extract does) and find its entities, quotes and events: the full article record.

    \b
    Examples:
      newsdesk analyze --published 2022-03-29 dump.txt
      newsdesk analyze --jsonl --workers 2 --no-events pages/
      newsdesk analyze --input-jsonl texts.jsonl
      newsdesk extract --jsonl pages/ | newsdesk analyze --input-jsonl -
    """
    settings = _settings()
    if input_jsonl is not None:
        if inputs:  # usage errors, as click's own (exit status 2, and the hint to --help): see docs/cli.md
            raise click.UsageError("give INPUT... or --input-jsonl FILE, not both")
        outcomes = read_jsonl_articles(jsonl_lines(input_jsonl, settings.max_input_bytes), published)
        analyzer = _analyzer(workers or 2, not no_events)
        _emit_lines(analyze_outcomes(outcomes, analyzer.results), input_jsonl)
    if not inputs:
        raise click.UsageError("nothing to analyze: give INPUT... or --input-jsonl FILE")
    items, published = _prepare(inputs, published, jsonl)
    processes = workers or (1 if len(items) == 1 else 2)
    extracted = functools.partial(_outcomes, items, format=fmt, published=published, settings=settings)
    # With several processes, pages are extracted in a child from now on, while the model loads.
    outcomes = prefetched(extracted) if processes > 1 and "-" not in items else extracted()
    analyzer = _analyzer(processes, not no_events)
    _emit(analyze_outcomes(outcomes, analyzer.results), jsonl, _many(items))


def no_lines(file: BinaryIO) -> NoReturn:
    """The end of an --input-jsonl FILE that held no line (empty, or blank lines only): it ended with
    nothing on stdout and exit status 0, as if every article had gone through."""
    name = getattr(file, "name", "-")
    _fail(f"{'-' if name == '<stdin>' else name}: empty input (no JSON lines)")


def _emit_lines(outcomes: Iterable[Outcome], file: BinaryIO) -> NoReturn:
    """--input-jsonl output: each record keeps its "id"; a bad line yields {"id"|"line", "error"}."""
    failed = total = 0
    for outcome in outcomes:
        total += 1
        if outcome.article is None:
            failed += 1
            record: dict[str, Any] = {"line": outcome.line, "error": outcome.error.reason if outcome.error else "?"}
            if outcome.input != f"line {outcome.line}":
                record = {"id": outcome.input, **record}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(json.dumps(to_dict(outcome.article), ensure_ascii=False))
    if not total:
        no_lines(file)
    if failed:
        stdio.failed_count(failed, total, "line")
    sys.exit(1 if failed else 0)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the article record."""
    click.echo(json.dumps(json_schema(Article), indent=2))


@cli.command("settings")
@click.option("--markdown", is_flag=True, help="Print the documentation table (docs/settings.md) instead.")
def settings_command(markdown: bool) -> None:
    """Show every setting with its value in force (defaults, then NEWSDESK_* environment)."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    settings = _settings()
    for s in SETTINGS:
        click.echo(f"{s.name} = {_shown_setting(getattr(settings, s.name), s.secret)}")
    # the database is no setting (each command's --db), but this is where people look for it
    click.echo(f"database: {_database_shown(os.environ)} (--db, else NEWSDESK_DB, else newsdesk.db under "
               "NEWSDESK_HOME; see docs/storage.md)", err=True)


def _shown_setting(value: object, secret: bool) -> str:
    """A value as docs/settings.md writes it: as given in the environment, an empty one "(none)" (it
    printed '' and quoted every text), a secret "(secret)"."""
    if secret:
        return "(secret)"
    return "(none)" if value == "" else str(value)


def _database_shown(environ: Mapping[str, str]) -> str:
    from .store.location import DEFAULT_FILE, data_home

    url = environ.get("NEWSDESK_DB", "").strip()
    if not url:
        return str(data_home(environ) / DEFAULT_FILE)
    from .store.postgres import masked

    return masked(url, "…")  # a password in the URL stays out of sight


@cli.command("demo")
@click.option("--record", is_flag=True, help="Only print the analysed record of the bundled example page.")
@click.option("--db", metavar="URL", envvar="NEWSDESK_DB", show_envvar=True,
              help="Database: a file path, sqlite:///PATH or postgresql://… (default: newsdesk.db under "
                   "NEWSDESK_HOME, else the user data folder, as for every command).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to serve on.")
@click.option("--load-only", is_flag=True, help="Load the demo stories, then exit instead of serving.")
@click.option("--analyze/--no-analyze", default=None, help="Find entities, quotes and events (default: on).")
@click.pass_context
def demo_command(ctx: click.Context, record: bool, db: str | None, host: str, port: int, load_only: bool,
                 analyze: bool | None) -> None:
    """Load the bundled demo stories into the database and run the service (pages, API, alerts) on
    http://HOST:PORT. Loading again stores nothing new.

    \b
    Examples:
      newsdesk demo                              what make run does: http://127.0.0.1:8000
      newsdesk demo --db demo.db --port 8080     beside another newsdesk run
      newsdesk demo --load-only --no-analyze     load quickly, serve nothing
    """
    if record:
        _print_demo_record()
        return
    from .commands.run import listen, run_command
    from .commands.store import _opened, analyzer_pipe
    from .web.demo import load_demo

    if not load_only:
        sock = listen(host, port)  # a port in use is said at once, not after loading the stories
        port = sock.getsockname()[1]  # --port 0: the one the system gave, said below and served on
        sock.close()
    with _opened(db) as store:
        click.echo(f"newsdesk: demo: loading the demo stories into {store.url}", err=True)
        loaded = load_demo(store, analyzer_pipe(analyze), progress=lambda line: click.echo(f"  {line}", err=True))
    counts = ", ".join(f"{n} {status}" for status, n in sorted(loaded.counts.items()))
    if set(loaded.counts) == {"duplicate"}:  # "26 duplicate" read as something gone wrong
        counts = f"already loaded ({loaded.counts['duplicate']} articles)"
    # --load-only serves nothing: "open http://…" sent people to a page that was not there
    # the database loaded, which a bare run would not serve (unless NEWSDESK_DB names it)
    named = db and db != os.environ.get("NEWSDESK_DB")
    serve = "newsdesk run" + (f" --db {shlex.quote(without_password(db))}" if named and db else "")
    after = f"serve them with {serve}" if load_only else f"open http://{host}:{port}/"
    click.echo(f"newsdesk: demo: {counts}; {after}", err=True)
    if not load_only:
        ctx.invoke(run_command, db=db, host=host, port=port, analyze=analyze)


def _print_demo_record() -> None:
    settings = _settings()
    page_ref = resources.files("newsdesk") / "demo" / DEMO_PAGE
    with resources.as_file(page_ref) as path:
        try:
            article = extract(load(str(path), settings), published=DEMO_PUBLISHED, settings=settings)
            article = _analyzer(1)(article)
        except NewsdeskError as exc:
            _fail(str(exc))
    click.echo(json.dumps(to_dict(article), ensure_ascii=False, indent=2))


def main() -> None:
    stdio.prepare()
    batch_process()
    try:
        cli()
    except SystemExit as done:  # how click ends every command
        stdio.flush_stdout(failed=done.code not in (0, None))
        raise
