"""The alert service's loop on both backends: an article stored and assigned through another
connection (as ``newsdesk ingest`` would) is delivered within a second (SQLite: polling;
PostgreSQL: LISTEN newsdesk_developments)."""

from __future__ import annotations

import threading
import time

from test_alerts_engine import copy, quake
from test_alerts_support import receiver, signed_json

from newsdesk.alerts.records import Channel
from newsdesk.alerts.service import AlertService
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_service_delivers_what_another_connection_stores(db: str) -> None:
    with receiver() as hooks, open_store(db) as service_store, open_store(db) as ingest_store:
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
