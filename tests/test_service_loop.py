"""The alert service's loop on both backends: an article stored and assigned through another
connection (as ``newsdesk ingest`` would) is delivered within a second (SQLite: polling;
PostgreSQL: LISTEN newsdesk_developments)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_alerts_engine import copy, quake
from test_alerts_support import receiver, signed_json
from test_store_support import BACKENDS, pg_schema

from newsdesk.alerts.records import Channel
from newsdesk.alerts.service import AlertService
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        with pg_schema() as found:
            yield found
    else:
        yield str(tmp_path / "news.db")


def test_service_delivers_what_another_connection_stores(url: str) -> None:
    with receiver() as hooks, open_store(url) as service_store, open_store(url) as ingest_store:
        alerts = AlertStore(service_store)
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webhook", hooks.url)])
        service = AlertService(service_store, Settings(allowed_networks="127.0.0.0/8"), geocode=lambda name: None)
        stop = threading.Event()
        loop = threading.Thread(target=service.run, args=(stop,), daemon=True)
        loop.start()
        try:
            time.sleep(0.3)
            desk = StoryDesk(ingest_store)
            for article in (quake(), copy()):
                stored = ingest_store.get(ingest_store.put(article).id)
                assert stored is not None
                desk.add(stored)
                if article.url == "https://a.example/quake":
                    ended = time.time()
                    [got] = hooks.wait(1, timeout=5)
                    assert got.at - ended < 1.0
            time.sleep(1.0)
        finally:
            stop.set()
            loop.join(timeout=10)
            service.close()
        assert len(hooks.got) == 1  # the copy added nothing
        assert signed_json(hooks.got[0], watch.secret)["article"]["title"] == "Earthquake shakes Ridgecrest"
        assert [d.state for d in alerts.deliveries(watch.id)] == ["sent"]
