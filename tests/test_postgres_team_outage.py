"""The PostgreSQL server is away for a while under `newsdesk run` (#5): the monitor logged
``monitor.error`` at every retry, a line every 5 seconds for as long as the outage lasted (720 an hour),
and nothing when it ended. Now it logs the outage once and its end as ``monitor.recovered``, as the
alert service does, and stores what arrived meanwhile."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import pytest
from test_postgres_team_support import restarting

from newsdesk.commands import run as run_command
from newsdesk.monitor import Log, Monitor
from newsdesk.settings import Settings
from newsdesk.store import open_store


def _events(out: io.StringIO) -> list[str]:
    return [json.loads(line)["event"] for line in out.getvalue().splitlines()]


def test_an_outage_is_logged_once_and_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_command, "MONITOR_RETRY_S", 0.1)
    (tmp_path / "pages").mkdir()
    out = io.StringIO()
    with restarting() as (url, direct, relay), open_store(url) as store:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        monitor = Monitor(store, Settings(), log=Log(None))
        stop = threading.Event()
        thread = threading.Thread(target=run_command.monitoring, args=(monitor, stop, True, Log(out)), daemon=True)
        relay.stop()  # the server is away
        thread.start()
        try:
            time.sleep(2)  # many retries
            (tmp_path / "pages" / "a.txt").write_text("The harbour board met on Monday about the new sea wall.")
            relay.start()  # and back
            deadline = time.monotonic() + 20
            while "monitor.recovered" not in _events(out) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(timeout=10)
            monitor.close()
        assert not thread.is_alive()
        events = _events(out)
        assert events.count("monitor.error") == 1, events
        assert events.count("monitor.recovered") == 1, events
        with open_store(direct) as check:
            assert check.count() == 1  # what arrived during the outage
