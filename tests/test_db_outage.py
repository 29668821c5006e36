"""The database going away under a long-running process: a PostgreSQL server that restarts or drops
connections (simulated by terminating the store's own backends), a table gone on SQLite. The store,
the alert service and the monitor loop of ``newsdesk run`` carry on once the database is back."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_alerts_engine import quake
from test_alerts_support import receiver, signed_json
from test_store_support import PG_URL, article, pg_admin, pg_schema, with_schema

from newsdesk.alerts.records import Channel
from newsdesk.alerts.service import AlertService
from newsdesk.alerts.store import AlertStore
from newsdesk.commands import run as run_command
from newsdesk.errors import StoreError
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
                                         r"create in\)$") as caught:
        open_store(with_schema(PG_URL, "no_such_schema_here"))
    assert "LINE" not in str(caught.value) and "CREATE" not in str(caught.value)
