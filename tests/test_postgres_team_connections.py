"""Several team processes share one PostgreSQL server (#5). A burst of concurrent reads (the web's 40
request threads, a page fetching its lists at once) opened a connection per reader, and every one
was kept for good: a busy `newsdesk run` held 40 or more idle connections, and three processes used up
the server's default max_connections (100), refusing everyone else "too many clients already".
Now a process keeps at most IDLE_READERS readers open between reads."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from test_store_support import article, pg_admin, pg_schema

from newsdesk.store import open_store
from newsdesk.store.postgres import IDLE_READERS

BURST = 30


@pytest.fixture
def named_url() -> Iterator[tuple[str, str]]:
    name = f"nd_{uuid.uuid4().hex[:10]}"
    with pg_schema() as url:
        yield f"{url}&application_name={name}", name


def _held(name: str) -> int:
    """The connections ``name`` holds, once those it closed are gone (a backend ends soon after)."""
    deadline = time.monotonic() + 5
    with pg_admin() as admin:
        while True:
            held = int(admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                                     (name,)).fetchone()[0])
            if held <= IDLE_READERS + 1 or time.monotonic() > deadline:
                return held
            time.sleep(0.1)


def test_a_burst_of_readers_leaves_few_connections_open(named_url: tuple[str, str]) -> None:
    url, name = named_url
    with open_store(url) as store:
        first = store.put(article("The harbour board met on Monday about the sea wall.", "https://a.example/1"))
        together = threading.Barrier(BURST)
        found: list[bool] = []

        def read() -> None:
            with store._db.read() as tx:  # a reader held while the others open theirs
                together.wait(timeout=30)
                found.append(tx.one("SELECT count(*) FROM articles") == (1,))

        threads = [threading.Thread(target=read) for _ in range(BURST)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert found == [True] * BURST  # every reader read: none waited on another
        assert _held(name) <= IDLE_READERS + 1  # the readers kept and the writer
        # the readers kept still serve, and a new burst reuses them
        assert store.get(first.id) is not None
        assert _held(name) <= IDLE_READERS + 1
