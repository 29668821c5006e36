"""Live updates: a page's event stream gets a development written by another connection to the store
(as another process would write it), over a real HTTP server."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
from test_web_support import article, ingest, seeded_store, serving, web_app

from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_stream_sends_new_developments_from_another_writer(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path / "live.db")
    seen_before = store.latest_development()
    with (store, serving(web_app(store)) as base, httpx.Client(base_url=base, timeout=10) as client,
          client.stream("GET", "/events") as response):
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        assert next(lines) == "retry: 2000"
        assert next(lines) == f"id: {seen_before}"  # a reconnect resumes here, even with nothing sent yet
        assert next(lines) == "event: hello"
        assert json.loads(next(lines).removeprefix("data: ")) == {"after": seen_before}

        def write() -> None:  # another connection, as `newsdesk ingest` in another process
            time.sleep(0.3)
            with open_store(str(tmp_path / "live.db")) as other:
                ingest(other, StoryDesk(other), article(
                    "https://late.example/x", "Late News", "2022-03-31T10:00:00+00:00", "Floods close Lismore",
                    "Floodwater cut the town of Lismore off for a second time on Wednesday, officials said."))

        writer = threading.Thread(target=write)
        started = time.monotonic()
        writer.start()
        events = []
        for line in lines:
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
                break
        writer.join()
        assert time.monotonic() - started < 5
    assert events[0]["pk"] > seen_before
    assert events[0]["url"].startswith("/stories/s") and events[0]["kind"] in ("story", "quote", "event")


def test_reconnect_resumes_after_last_event_id(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path / "again.db")
    with (store, serving(web_app(store)) as base, httpx.Client(base_url=base, timeout=10) as client,
          client.stream("GET", "/events", headers={"Last-Event-ID": "0"}) as response):
        ids = []
        for line in response.iter_lines():
            if line.startswith("id: "):
                ids.append(int(line[4:]))
            if len(ids) == 4:
                break
    assert ids == sorted(ids) and ids[:2] == [0, 1]  # the hello's id (where it starts), then the first development
