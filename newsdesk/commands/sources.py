"""``newsdesk source add|list|remove|import-opml|export-opml``: the sources ``newsdesk run`` follows."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import re
import shutil
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import click

from ..errors import InputError, NewsdeskError, one_line
from ..extract.detect import listing_kind
from ..ingest.decode import decode
from ..ingest.feeds import OPML_IMPORT
from ..ingest.opml import Outline, read_opml, write_opml
from ..monitor import KINDS, source_target
from ..monitor.targets import PATH_KINDS
from ..settings import Settings
from ..shown import shown_time
from ..store import Source, Store
from ..types import to_dict
from ..xmlroot import root_name
from .addresses import note_refused_address
from .store import _fail, _opened, db_option


@click.group("source")
def source_group() -> None:
    """Sources to monitor: feeds (RSS, Atom, JSON Feed), sitemaps, pages, folders, WARC files."""


def _add(store: Store, target: str, kind: str, title: str | None) -> tuple[Source, bool]:
    head = _no_local_listing(target)
    url, kind = source_target(target, kind)
    if kind == "file" and head.strip():  # a binary file was added, and failed at every run, one by one
        decode(head, target)  # InputError: binary content, a PDF (an empty file may still be written)
    existing = store.get_source(url)
    return (existing, False) if existing is not None else (store.add_source(url, kind, title), True)


def _no_local_listing(target: str) -> bytes:
    """Refuse a feed or sitemap file on disk: a file source is read as pages (the feed was stored as a
    text dump titled ``<item><title>…``), and feeds and sitemaps are fetched from their http(s) URL.
    Returns the head of the file (inflated), empty for anything else."""
    path = Path(target.strip()).expanduser()
    head = b""
    with contextlib.suppress(OSError, EOFError, zlib.error, gzip.BadGzipFile):
        if path.is_file():
            with path.open("rb") as fh:
                head = fh.read(65_536)
            if head.startswith(b"\x1f\x8b"):
                with gzip.open(path, "rb") as fh:
                    head = fh.read(65_536)
    # a UTF-16 file says so by its byte-order mark (Windows tools write XML so); else UTF-8
    codec = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    text = head.decode(codec, "replace")
    if head and root_name(text) == "opml":  # added as a file of pages, every check failed "no article text"
        raise InputError(f"an OPML list of feeds, not a source: add its feeds with {OPML_IMPORT}", input=target)
    listing = listing_kind(text) if head else None
    if listing is not None:
        raise InputError(f"a {listing} file: newsdesk reads a {listing} from its http(s) URL "
                         "(a local file source is read as pages)", input=target)
    return head


@source_group.command("add")
@click.argument("targets", nargs=-1, required=True, metavar="URL_OR_PATH...")
@db_option
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="What the source is; auto: a local path by what it is, a URL a sitemap if it is named so, "
                   "else a feed (a feed that is really a sitemap works anyway).")
@click.option("--title", help="A name for the source (a feed's own title is used otherwise).")
def add_command(targets: tuple[str, ...], db: str | None, kind: str, title: str | None) -> None:
    """Add sources; they are checked at the next `newsdesk run`.

    \b
    Examples:
      newsdesk source add https://www.theguardian.com/world/rss
      newsdesk source add --kind page https://example.com/live
      newsdesk source add ~/crawls/2024-05.warc.gz ~/pages/
    """
    failed = False
    try:
        settings = Settings.load()
    except NewsdeskError as exc:
        _fail(str(exc))
    with _opened(db) as store:
        for target in targets:
            try:
                source, new = _add(store, target, kind, title)
            except NewsdeskError as exc:  # this one is refused; the others are still added
                _refused(target, exc)
                failed = True
                continue
            click.echo(f"{'added' if new else 'already there'}: {source.id} {source.kind} {source.url}")
            note_refused_address(source.url, settings)
    sys.exit(1 if failed else 0)


@source_group.command("list")
@db_option
@click.option("--jsonl", is_flag=True, help="One JSON line per source, with its schedule and last error.")
def list_command(db: str | None, jsonl: bool) -> None:
    """List sources: id, kind, state (ok, new, or failures in a row), when last checked, when next, URL and
    title; under a failing one, its last error."""
    with _opened(db) as store:
        sources = store.list_sources()
    if jsonl:
        for source in sources:
            click.echo(json.dumps(to_dict(source), ensure_ascii=False))
        return
    if not sources:
        click.echo("no sources: add some with newsdesk source add URL", err=True)
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    now = datetime.now(UTC)
    for s in sorted(sources, key=lambda s: s.id):
        paused = _paused(s, now)
        state = ("paused" if paused else f"{s.error_count} failed" if s.error_count else
                 "ok" if s.last_fetch_at else "new")
        checked = f"checked {_ago(s.last_fetch_at, now)}" if s.last_fetch_at else "never checked"
        line = f"{s.id:>4}  {s.kind:7}  {state:9}  {checked:19}  {_next(s.next_check_at, now):15}  {s.url}"
        click.echo((line + (f"  ({s.title})" if s.title else ""))[:width])
        if paused:  # no failure: the site asked for it, and it is asked again then
            click.echo(f"{'':6}{paused}"[:width])
        elif s.error_count and s.last_error:  # why it fails, under it: "1 failed" alone leaves one guessing
            click.echo(f"{'':6}last error: {s.last_error}"[:width])


def _paused(source: Source, now: datetime) -> str | None:
    """Why a source waits, while its site's pause lasts: 'paused until … UTC: …'; None when it does not."""
    until = _moment(source.paused_until) if source.paused_until else None
    if until is None or until <= now:
        return None
    return (f"paused until {shown_time(source.paused_until)}: its site asked newsdesk to wait (HTTP 429 with "
            "Retry-After); no failure")


def _span(seconds: float) -> str:
    """A length of time as an operator reads it: 40 s, 12 min, 3 h, 2 d."""
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= 2 * size if unit != "min" else seconds >= size:
            return f"{seconds // size:.0f} {unit}"
    return f"{max(seconds, 0):.0f} s"


def _moment(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ago(stamp: str, now: datetime) -> str:
    moment = _moment(stamp)
    return "at an unknown time" if moment is None else f"{_span((now - moment).total_seconds())} ago"


def _next(stamp: str | None, now: datetime) -> str:
    """When the source is checked next: 'next in 12 min', or 'due now' (at the next pass of newsdesk run)."""
    moment = _moment(stamp) if stamp else now
    if moment is None or moment <= now:
        return "due now"
    return f"next in {_span((moment - now).total_seconds())}"


@source_group.command("show")
@click.argument("key", metavar="ID_OR_URL")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Checks shown.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: the source and its latest checks.")
def show_command(key: str, db: str | None, limit: int, as_json: bool) -> None:
    """One source and its latest checks, newest first: when, the HTTP status, the articles stored, the error."""
    with _opened(db, existing=True) as store:
        source = store.get_source(_key(key))
        if source is None:
            _fail(f"{key}: no such source (newsdesk source list shows them)")
        checks = store.fetch_log(source.id, limit)
    if as_json:
        click.echo(json.dumps({"source": to_dict(source), "checks": to_dict(checks)}, ensure_ascii=False))
        return
    now = datetime.now(UTC)
    state = ("paused" if _paused(source, now) else f"{source.error_count} failed in a row" if source.error_count
             else "ok" if source.last_fetch_at else "new")
    click.echo(f"{source.id}  {source.kind}  {source.url}" + (f"  ({source.title})" if source.title else ""))
    click.echo(f"  state: {state}; " + (f"checked {_ago(source.last_fetch_at, now)}" if source.last_fetch_at
                                         else "never checked") + f"; {_next(source.next_check_at, now)}")
    if _paused(source, now):
        click.echo(f"  {_paused(source, now)}")
    if source.last_error:
        click.echo(f"  last error: {source.last_error}")
    if not checks:
        return
    click.echo("  checks (newest first):")
    for check in checks:
        status = f"HTTP {check.status}" if check.status is not None else "-"
        line = f"    {shown_time(check.fetched_at, seconds=True)}  {status:8}  {check.articles:>4} stored"
        click.echo(line + (f"  {check.error}" if check.error else ""))


def _key(key: str) -> int | str:
    return int(key) if key.isdigit() and len(key) < 19 else key  # 19 digits: past 64 bits


@source_group.command("remove")
@click.argument("keys", nargs=-1, required=True, metavar="ID_OR_URL...")
@db_option
def remove_command(keys: tuple[str, ...], db: str | None) -> None:
    """Remove sources (their articles stay)."""
    missing = []
    with _opened(db) as store:
        for key in keys:
            if store.remove_source(_key(key)):
                click.echo(f"removed: {key}")
            else:
                missing.append(key)
    for key in missing:
        click.echo(f"newsdesk: error: {one_line(key)}: no such source", err=True)
    sys.exit(1 if missing else 0)


@source_group.command("import-opml")
@click.argument("file", metavar="FILE")
@db_option
@click.option("--local", is_flag=True,
              help="Also add the local folders, files and WARC files it lists (only from a file you trust: "
                   "their pages are then stored and served).")
def import_command(file: str, db: str | None, local: bool) -> None:
    """Add every feed listed in an OPML file (a feed reader's export, or newsdesk's own).

    \b
    Examples:
      newsdesk source import-opml subscriptions.opml
      newsdesk source export-opml --output mine.opml
    """
    if file.strip().lower().startswith(("http://", "https://")):  # it said "cannot read (No such file or directory)"
        _fail(f"{file}: import-opml reads an OPML file, not a URL: save it first (curl -o feeds.opml URL)")
    try:
        limit = Settings.load().max_input_bytes
        with Path(file).open("rb") as fh:
            data = fh.read(limit + 1)  # an OPML file is a list of feeds: a huge one is refused, not read whole
        if len(data) > limit:
            raise InputError(f"larger than {limit} bytes", input=file)
        outlines = read_opml(data, file)
    except OSError as exc:
        _fail(f"{file}: cannot read ({exc.strerror or exc})")
    except NewsdeskError as exc:
        _fail(str(exc))
    added = refused = 0
    with _opened(db) as store:
        for outline in outlines:
            try:
                if outline.kind in PATH_KINDS and not local:
                    # someone else's OPML file must not make `run` read and serve this machine's files
                    raise InputError(f"a local {outline.kind} listed in an OPML file (add it with --local)")
                # export-opml writes an untitled source's URL as its title (OPML wants a text): no title,
                # or the URL stood as the name for good and the feed's own title was never taken
                title = outline.title if outline.title and outline.title.strip() != outline.url else None
                _, new = _add(store, outline.url, outline.kind, title)
            except NewsdeskError as exc:
                _refused(outline.url, exc)
                refused += 1
                continue
            added += new
    click.echo(f"{added} added, {len(outlines) - added - refused} already there, {refused} refused")
    sys.exit(1 if refused else 0)


def _refused(target: str, exc: NewsdeskError) -> None:
    said = str(exc) if exc.input else f"{target}: {exc.reason}"
    if exc.reason == "no such file or folder" and _HOST_LIKE.match(target.strip()):  # "www.bbc.co.uk/…/rss.xml"
        said += " (a URL starts with http:// or https://)"
    click.echo("newsdesk: error: " + one_line(said), err=True)


# a host and a path ("bbc.co.uk/news/rss.xml"), or www.: not a file name ("news.html") that is missing
_HOST_LIKE = re.compile(r"www\.[a-z0-9-]+\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?/", re.IGNORECASE)


@source_group.command("export-opml")
@db_option
@click.option("--output", "-o", metavar="FILE", default="-", help="Write here instead of stdout.")
def export_command(db: str | None, output: str) -> None:
    """Write every source as OPML 2.0 (feeds as any reader expects them)."""
    with _opened(db) as store:
        sources = sorted(store.list_sources(), key=lambda s: s.id)
    data = write_opml(Outline(s.url, s.kind, s.title) for s in sources)
    if output == "-":
        click.echo(data, nl=False)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})")
    click.echo(f"exported {len(sources)} sources to {output}", err=True)
