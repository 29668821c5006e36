"""The database going away under a long-running process: a PostgreSQL server that restarts or drops
connections (simulated by terminating the store's own backends), a table gone on SQLite. The store,
the alert service and the monitor loop of ``newsdesk run`` carry on once the database is back."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_alerts_engine import quake
from test_alerts_support import receiver, signed_json
from test_postgres_team_support import Restarting as Proxy  # a relay; stop() is the server going away
from test_store_support import PG_URL, article, pg_admin, pg_schema, with_schema

from newsdesk.alerts.records import Channel
from newsdesk.alerts.service import AlertService
from newsdesk.alerts.store import AlertStore
from newsdesk.commands import run as run_command
from newsdesk.errors import StoreError, StoreUnavailableError
from newsdesk.monitor import Log, Monitor
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


@pytest.fixture
def named_url() -> Iterator[tuple[str, str]]:
    """A fresh schema's URL whose connections carry an application name of their own, so a test can
    drop exactly them."""
    name = f"nd_{uuid.uuid4().hex[:10]}"
    with pg_schema() as url:
        yield f"{url}&application_name={name}", name


def drop_connections(name: str) -> int:
    """What a server restart does to a client: every connection of ``name`` terminated."""
    with pg_admin() as admin:
        rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                             (name,)).fetchall()
    time.sleep(0.2)
    return len(rows)


def test_the_store_replaces_connections_the_server_dropped(named_url: tuple[str, str]) -> None:
    url, name = named_url
    with open_store(url) as store:
        first = store.put(article("The first article, stored before the restart.", "https://a.example/1"))
        assert store.get(first.id) is not None
        assert drop_connections(name) >= 2  # the writer and a reader
        # the next read and write go through: a dropped connection fails at BEGIN, before any work
        assert store.get(first.id) is not None
        second = store.put(article("The second article, stored after the restart.", "https://a.example/2"))
        assert second.status == "stored" and store.count() == 2


def test_the_alert_service_outlives_its_connections_being_dropped(named_url: tuple[str, str]) -> None:
    url, name = named_url
    out = io.StringIO()
    with receiver() as hooks, open_store(url) as service_store, open_store(url) as ingest_store:
        alerts = AlertStore(service_store)
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webhook", hooks.url)])
        service = AlertService(service_store, Settings(allowed_networks="127.0.0.0/8"), log=Log(out),
                               geocode=lambda name: None)
        stop = threading.Event()
        crashed: list[BaseException] = []

        def loop() -> None:
            try:
                service.run(stop)
            except BaseException as exc:
                crashed.append(exc)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            time.sleep(0.5)
            assert drop_connections(name) >= 2  # LISTEN's connection among them
            stored = ingest_store.get(ingest_store.put(quake()).id)
            assert stored is not None
            StoryDesk(ingest_store).add(stored)
            [got] = hooks.wait(1, timeout=10)
        finally:
            stop.set()
            thread.join(timeout=10)
            service.close()
        assert not crashed and not thread.is_alive()
        assert signed_json(got, watch.secret)["article"]["title"] == "Earthquake shakes Ridgecrest"
        errors = [json.loads(line) for line in out.getvalue().splitlines()]
        assert all("\n" not in e.get("error", "") for e in errors)  # one line each, if any


def test_the_monitor_loop_outlives_a_database_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_command, "MONITOR_RETRY_S", 0.2)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text("Officials said on Monday that the bridge would reopen next week.")
    path = tmp_path / "news.db"
    out = io.StringIO()
    with open_store(str(path)) as store:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        raw = sqlite3.connect(path)
        raw.execute("ALTER TABLE sources RENAME TO sources_away")  # what a half-restored database looks like
        raw.commit()
        monitor = Monitor(store, Settings(), log=Log(out))
        stop = threading.Event()
        crashed: list[BaseException] = []

        def loop() -> None:
            try:
                run_command.monitoring(monitor, stop, True, Log(out))
            except BaseException as exc:
                crashed.append(exc)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while "monitor.error" not in out.getvalue() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "monitor.error" in out.getvalue() and thread.is_alive()
            raw.execute("ALTER TABLE sources_away RENAME TO sources")  # the database is back
            raw.commit()
            while store.count() == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(timeout=10)
            raw.close()
            monitor.close()
        assert not crashed and not thread.is_alive()
        assert store.count() == 1  # the pass was made again once the table was back


def test_connection_errors_name_no_password_and_say_so() -> None:
    pytest.importorskip("psycopg")
    for url in ("postgresql://nobody@127.0.0.1:1/none?password=s3cret",
                "postgresql://127.0.0.1:1/none?user=nobody&PASSWORD=s3cret&sslmode=disable"):
        with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
            open_store(url)
        assert "s3cret" not in str(caught.value)
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):  # not a bare "database error"
        open_store("postgresql://nobody@no-such-host.invalid/none")


def test_a_libpq_key_value_string_is_refused_not_made_a_file(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="give PostgreSQL as a URL") as caught:
        open_store("host=127.0.0.1 port=5432 dbname=news password=s3cret")
    assert "s3cret" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_server_error_is_its_message_without_the_statement() -> None:
    pg_admin().close()  # or a skip
    with pytest.raises(StoreError, match=r"database error \(InvalidSchemaName: no schema has been selected to "
                                         r"create in\): create the schema first") as caught:
        open_store(with_schema(PG_URL, "no_such_schema_here"))
    assert "LINE" not in str(caught.value) and "CREATE" not in str(caught.value)


@pytest.fixture
def proxied() -> Iterator[tuple[str, Proxy]]:
    """A fresh schema's URL through a :class:`Proxy`."""
    from urllib.parse import urlsplit

    with pg_schema() as url:
        parts = urlsplit(url)
        proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
        try:
            yield url.replace(parts.netloc, f"{parts.netloc.rpartition('@')[0]}@127.0.0.1:{proxy.port}"), proxy
        finally:
            proxy.stop()


def test_a_server_gone_is_unavailable_not_a_bad_article(proxied: tuple[str, Proxy]) -> None:
    url, proxy = proxied
    with open_store(url) as store:
        store.put(article("Stored while the server was there.", "https://a.example/1"))
        proxy.stop()
        with pytest.raises(StoreUnavailableError, match="cannot connect to PostgreSQL"):
            store.put(article("Not stored: the server is gone.", "https://a.example/2"))


def test_ingest_ends_when_the_server_goes_away(proxied: tuple[str, Proxy], tmp_path: Path) -> None:
    url, proxy = proxied
    pages = []
    for n in range(5):
        pages.append(tmp_path / f"p{n}.txt")
        pages[-1].write_text(f"Council story {n}: the council met on Tuesday to discuss the new flood barrier.")
    # the second input is stdin, written only once the first is stored and the server has gone
    command = [sys.executable, "-c", "from newsdesk.cli import main; main()", "ingest", "--jsonl", "--no-analyze",
               "--db", url, str(pages[0]), "-", *map(str, pages[2:])]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env={**os.environ, "NEWSDESK_HOME": str(tmp_path)}) as ingest:
        assert ingest.stdout is not None and ingest.stdin is not None
        first = json.loads(ingest.stdout.readline())
        assert first["status"] == "stored"
        proxy.stop()
        out, err = ingest.communicate(pages[1].read_text(), timeout=60)
    assert ingest.returncode == 1
    assert out == ""  # no line for each input left, each failing the same way
    [line] = err.splitlines()
    assert line.startswith("newsdesk: error: ") and "cannot connect to PostgreSQL" in line


class _StopOnFirstStored(io.StringIO):
    """A log stream that stops the proxy once the first article is stored (the server goes away mid-pass)."""

    def __init__(self, proxy: Proxy) -> None:
        super().__init__()
        self.proxy = proxy

    def write(self, text: str) -> int:
        if '"article.stored"' in text:
            self.proxy.stop()
        return super().write(text)


def test_a_monitor_pass_ends_when_the_server_goes_away(proxied: tuple[str, Proxy], tmp_path: Path) -> None:
    url, proxy = proxied
    (tmp_path / "pages").mkdir()
    for n in range(6):
        (tmp_path / "pages" / f"p{n}.txt").write_text(f"Council story {n}: the council met on Tuesday about the dam.")
    out = _StopOnFirstStored(proxy)
    with open_store(url) as store:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        monitor = Monitor(store, Settings(), log=Log(out))
        try:
            with pytest.raises(StoreUnavailableError):
                monitor.run_once(every=True)
        finally:
            monitor.close()
    # the pass ends at the first input the database refused, not one failure line per page in hand
    assert out.getvalue().count('"article.failed"') == 0


def test_an_alert_service_outage_is_logged_once_then_its_end(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    out = io.StringIO()
    with open_store(str(path)) as store:
        service = AlertService(store, Settings(), log=Log(out), geocode=lambda name: None)
        raw = sqlite3.connect(path)
        stop = threading.Event()
        thread = threading.Thread(target=service.run, args=(stop,), daemon=True)
        thread.start()
        try:
            time.sleep(0.5)  # started
            raw.execute("ALTER TABLE developments RENAME TO developments_away")  # the database breaks
            raw.commit()
            time.sleep(3.5)  # the service retries each second
            raw.execute("ALTER TABLE developments_away RENAME TO developments")  # and back
            raw.commit()
            deadline = time.monotonic() + 10
            while "alert.recovered" not in out.getvalue() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(timeout=10)
            raw.close()
            service.close()
    events = [json.loads(line)["event"] for line in out.getvalue().splitlines()]
    assert events.count("alert.error") == 1, events  # not one line a second
    assert events.count("alert.recovered") == 1, events


def test_a_full_sqlite_database_is_unavailable_and_keeps_what_it_holds(tmp_path: Path) -> None:
    """SQLITE_FULL (here a page cap on the writer; a full disk says the same): the next input would fail
    the same way, so ingest ends with one line instead of one per input left; what is stored stays."""
    from newsdesk.errors import StoreUnavailableError
    from newsdesk.store import open_store
    from newsdesk.types import Article, paragraph_spans

    with open_store(str(tmp_path / "n.db")) as store:
        text = "The council met on Tuesday to discuss the new flood barrier. " * 40
        first = store.put(Article(id="-", title="first", text=text, url="https://a.example/0",
                                  paragraphs=paragraph_spans(text)))
        pages = store._db._writer.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        store._db._writer.execute(f"PRAGMA max_page_count = {pages + 2}")  # type: ignore[attr-defined]
        with pytest.raises(StoreUnavailableError) as raised:
            for n in range(1, 50):
                store.put(Article(id="-", title=f"n{n}", text=f"{n} {text}", url=f"https://a.example/{n}",
                                  paragraphs=paragraph_spans(text)))
        assert "is full" in str(raised.value) and str(tmp_path / "n.db") in str(raised.value)
        kept = store.get(first.id)
        assert kept is not None and kept.title == "first"
