"""``newsdesk run``: the monitor loop over the sources (``newsdesk source add``), until stopped."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from ..errors import NewsdeskError
from ..monitor import Log, Monitor, Pipe
from ..settings import Settings
from .store import _fail, _opened, analyzer_pipe, db_option


@click.command("run")
@db_option
@click.option("--once", is_flag=True, help="One pass over the sources due now, then exit.")
@click.option("--all", "every", is_flag=True, help="Check every source now, whatever its schedule.")
@click.option("--analyze/--no-analyze", default=None,
              help="Find entities, quotes and events before storing (default: on when the NLP stage is installed).")
@click.option("--log-format", type=click.Choice(("auto", "json", "text")), default="auto", show_default=True,
              help="Logs on stderr: JSON lines, or readable lines (auto: readable on a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="Log warnings and errors only.")
def run_command(db: str | None, once: bool, every: bool, analyze: bool | None, log_format: str,
                quiet: bool) -> None:
    """Monitor the sources: fetch what is new, extract, analyze, store; check each again when due.

    Stops cleanly on Ctrl-C or SIGTERM (what was stored stays; the next run goes on from there).
    """
    try:
        settings = Settings.load()
    except NewsdeskError as exc:
        _fail(str(exc))
    json_lines = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    log = Log(sys.stderr, json_lines=json_lines, quiet=quiet)
    pipe: Pipe | None = analyzer_pipe(analyze)
    stop = threading.Event()

    def stopping(signum: int, frame: FrameType | None) -> None:
        log("run.stopping", signal=signal.Signals(signum).name)
        stop.set()

    with _opened(db) as store:
        if not store.list_sources():
            log("run.idle", "warning", note="no sources yet: add some with newsdesk source add URL")
        in_main = threading.current_thread() is threading.main_thread()  # signals can be caught there only
        previous = {s: signal.signal(s, stopping) for s in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
        monitor = Monitor(store, settings, pipe=pipe, log=log)
        try:
            log("run.started", db=store.url, once=once)
            if once:
                monitor.run_once(stop, every=every)
            else:
                if every:
                    monitor.run_once(stop, every=True)
                monitor.run(stop)
        finally:
            monitor.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    log("run.stopped")
