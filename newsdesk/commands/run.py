"""``newsdesk run``: the service. The monitor loop over the sources, alert matching and delivery, and
the HTTP service (JSON API, pages) in one process, until stopped."""

from __future__ import annotations

import errno
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

import click

from ..alerts.access import LOCAL_HOSTS
from ..alerts.service import AlertService
from ..alerts.store import AlertStore
from ..errors import NewsdeskError, StoreError
from ..monitor import Log, Monitor, Pipe
from ..monitor.lock import monitor_lock
from ..settings import Settings
from ..store import Store
from ..store.location import resolve
from .store import _fail, _opened, analyzer_pipe, db_option

DEFAULT_PORT = 8000
MONITOR_RETRY_S = 5.0  # after a database error; a restarted server is back within seconds


@click.command("run")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address the HTTP service listens on; beyond loopback it needs accounts or API tokens.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port of the HTTP service.")
@click.option("--http/--no-http", "serve", default=True, help="Run the HTTP service (API and pages).")
@click.option("--once", is_flag=True, help="One pass over the sources due now, then the alerts it caused; exit.")
@click.option("--all", "every", is_flag=True, help="Check every source now, whatever its schedule.")
@click.option("--analyze/--no-analyze", default=None,
              help="Find entities, quotes and events before storing (default: on when the NLP stage is installed).")
@click.option("--log-format", type=click.Choice(("auto", "json", "text")), default="auto", show_default=True,
              help="Logs on stderr: JSON lines, or readable lines (auto: readable on a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="Log warnings and errors only.")
def run_command(db: str | None, host: str, port: int, serve: bool, once: bool, every: bool, analyze: bool | None,
                log_format: str, quiet: bool) -> None:
    """Monitor the sources, alert on what matches the watches, and serve the API and pages.

    Stops cleanly on Ctrl-C or SIGTERM (what was stored stays; the next run goes on from there).

    \b
    Examples:
      newsdesk run                              until Ctrl-C; pages and API on 127.0.0.1:8000
      newsdesk run --once --no-http             one pass over the sources due now, then exit
      newsdesk run --host 0.0.0.0 --port 8080   beyond loopback: newsdesk user add NAME first
    """
    try:
        settings = Settings.load()
    except NewsdeskError as exc:
        _fail(str(exc))
    json_lines = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    log = Log(sys.stderr, json_lines=json_lines, quiet=quiet)
    stop = threading.Event()
    signalled: list[int] = []

    def stopping(signum: int, frame: FrameType | None) -> None:
        # only a note: the handler runs in the main thread between two of its steps, maybe while that
        # thread holds the log's lock or the stop event's, and taking either here hung the process for good
        signalled.append(signum)

    with _opened(db) as store, monitor_lock(store, resolve(db).target) as guard:  # one monitor per database
        local = host in LOCAL_HOSTS
        if serve and not once and not local and not AlertStore(store).has_logins():
            _fail(f"--host {host}: refusing to listen beyond this machine without logins; add an account "
                  "(newsdesk user add NAME) or an API token (newsdesk token add NAME) first")
        listener = listen(host, port) if serve and not once else None
        if listener is not None:
            port = listener.getsockname()[1]  # --port 0: the one the system gave
        pipe: Pipe | None = analyzer_pipe(analyze)
        in_main = threading.current_thread() is threading.main_thread()  # signals can be caught there only
        previous = {s: signal.signal(s, stopping) for s in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
        threading.Thread(target=_on_signal, args=(signalled, stop, log), name="newsdesk-signals", daemon=True).start()
        monitor = Monitor(store, settings, pipe=pipe, log=log, guard=guard)
        alerts = AlertService(store, settings, log=log)
        try:
            log("run.started", db=store.url, once=once, http=f"http://{host}:{port}" if serve and not once else None)
            if not store.list_sources():  # after run.started: a note on the run, not before it
                where = f" or on http://{host}:{port}/sources" if serve and not once else ""
                log("run.idle", "warning", note=f"no sources yet: add some with newsdesk source add URL{where}")
            if once:
                monitor.run_once(stop, every=every)
                alerts.run_once()
            else:
                failed = _serve(store, settings, monitor, alerts, stop, every, host, listener, log)
                if failed:
                    _fail(failed)
        finally:
            stop.set()  # the signal watcher's end too
            if listener is not None:
                listener.close()
            monitor.close()
            alerts.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    log("run.stopped")


def _on_signal(signalled: list[int], stop: threading.Event, log: Log) -> None:
    """Stop everything once a signal was noted (outside the handler: see ``stopping``)."""
    while not stop.wait(0.1):
        if signalled:
            log("run.stopping", signal=signal.Signals(signalled[0]).name)
            stop.set()


def listen(host: str, port: int) -> socket.socket:
    """The HTTP service's socket, bound before anything starts, or the command ends with one line: a port
    in use was found by uvicorn only after the model had loaded and the monitor had started, and said
    so in three lines."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        # IPv4 first, as uvicorn binds a name: "localhost" may resolve to ::1 first, and clients of
        # 127.0.0.1 would find nothing there
        family, kind, proto, _, address = min(found, key=lambda info: info[0] != socket.AF_INET)
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        _fail(f"--host {host}: cannot listen there ({_reason(exc)})")
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
        # listening from now on: a browser opening the address run.started (or demo) gives waits in the
        # backlog until the pages are served, where a bound socket alone refused it while the model loaded
        sock.listen()
    except OSError as exc:
        sock.close()
        hint = "; another newsdesk run or demo? give --port N" if exc.errno == errno.EADDRINUSE else ""
        _fail(f"cannot listen on {host}:{port} ({_reason(exc)}{hint})")
    return sock


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


def monitoring(monitor: Monitor, stop: threading.Event, every: bool, log: Log) -> None:
    """The monitor's passes until ``stop``. A database error (the server restarting, a failover) ends the
    pass, not the service: logged, and the pass is made again a little later; what was stored stays,
    and links in flight are fetched again (crash safety). An outage is logged once (again when its
    error changes) and its end as ``monitor.recovered``, as the alert service does: it was a line
    every 5 seconds for as long as the server was away."""
    failing: tuple[str, float] | None = None  # the error last logged, and since when
    while not stop.is_set():
        try:
            if every or failing is not None:
                monitor.run_once(stop, every=every)
                every = False
            if failing is not None:
                log("monitor.recovered", seconds=round(time.monotonic() - failing[1], 1))
                failing = None
            monitor.run(stop)
        except StoreError as exc:
            if failing is None or failing[0] != str(exc):
                log("monitor.error", "error", error=str(exc))
            failing = (str(exc), failing[1] if failing is not None else time.monotonic())
            stop.wait(MONITOR_RETRY_S)


def _serve(store: Store, settings: Settings, monitor: Monitor, alerts: AlertService, stop: threading.Event,
           every: bool, host: str, listener: socket.socket | None, log: Log) -> str | None:
    """Monitor, alerts and HTTP each in a thread until ``stop``; one failing stops them all (its
    error comes back)."""
    errors: list[str] = []

    def guarded(name: str, work: Callable[[], None]) -> Callable[[], None]:
        def body() -> None:
            try:
                work()
            except Exception as exc:
                errors.append(f"{name}: {exc}")
                log(f"{name}.crashed", "error", error=f"{type(exc).__name__}: {exc}")
                stop.set()

        return body

    threads = [threading.Thread(target=guarded("monitor", lambda: monitoring(monitor, stop, every, log)),
                                name="newsdesk-monitor", daemon=True),
               threading.Thread(target=guarded("alerts", lambda: alerts.run(stop)), name="newsdesk-alerts",
                                daemon=True)]
    server = None
    if listener is not None:
        import uvicorn

        from ..web.app import create_app

        app = create_app(store, local=host in LOCAL_HOSTS, settings=settings, log=log)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))

        def serving() -> None:
            try:
                server.run(sockets=[listener])
            except SystemExit:  # uvicorn's way of saying it could not start (it logged why)
                server.started = False
            if not server.started:
                raise OSError(f"cannot serve on {host}:{listener.getsockname()[1]}")

        threads.append(threading.Thread(target=guarded("http", serving), name="newsdesk-http", daemon=True))
    for thread in threads:
        thread.start()
    while not stop.wait(0.5):
        pass
    if server is not None:
        server.should_exit = True
    for thread in threads:
        thread.join(timeout=30)
    return errors[0] if errors else None
