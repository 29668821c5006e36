"""One monitor per database, across a PostgreSQL restart (#5). The monitor lock is a session advisory
lock: when the server dropped its session (a restart, a failover, pg_terminate_backend) the lock went
with it, the running `newsdesk run` went on monitoring without it, and a second `newsdesk run` (cron's
--once, a teammate's) then took it and fetched every site again beside the first. Now the monitor
takes the lock again before each pass, or skips the pass while another monitor holds it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import pg_admin, pg_schema

from newsdesk.errors import StoreError
from newsdesk.monitor import Log, Monitor
from newsdesk.monitor.lock import monitor_lock
from newsdesk.settings import Settings
from newsdesk.store import open_store


@pytest.fixture
def named_url() -> Iterator[tuple[str, str]]:
    name = f"nd_{uuid.uuid4().hex[:10]}"
    with pg_schema() as url:
        yield f"{url}&application_name={name}", name


def _restart(name: str) -> None:
    """What a server restart does to a client: every connection of ``name`` terminated."""
    with pg_admin() as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", (name,))
    time.sleep(0.3)


def test_the_monitor_takes_its_lock_again_after_a_restart(named_url: tuple[str, str], tmp_path: Path) -> None:
    url, name = named_url
    other = url.replace(f"application_name={name}", "application_name=nd_other")
    (tmp_path / "pages").mkdir()
    with open_store(url) as store, monitor_lock(store, url) as guard:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        monitor = Monitor(store, Settings(), log=Log(None), guard=guard)
        try:
            _restart(name)
            monitor.run_once(every=True)  # the pass after the restart holds the lock again
        finally:
            monitor.close()
        with open_store(other) as second, pytest.raises(StoreError, match="another newsdesk run"), \
                monitor_lock(second, other):
            pass


def test_a_monitor_whose_lock_was_taken_meanwhile_skips_its_passes(named_url: tuple[str, str],
                                                                   tmp_path: Path) -> None:
    url, name = named_url
    other = url.replace(f"application_name={name}", "application_name=nd_other")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.txt").write_text("The harbour board met on Monday about the sea wall and the vote.")
    with open_store(url) as store, monitor_lock(store, url) as guard:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        monitor = Monitor(store, Settings(), log=Log(None), guard=guard)
        try:
            _restart(name)
            with open_store(other) as second, monitor_lock(second, other):  # took it while the first had none
                with pytest.raises(StoreError, match="another newsdesk run"):
                    monitor.run_once(every=True)
                assert store.count() == 0  # nothing fetched beside the other monitor
            monitor.run_once(every=True)  # the other is gone: this one monitors again
            assert store.count() == 1
        finally:
            monitor.close()
