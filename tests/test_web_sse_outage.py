"""The live stream across a database outage (#5): an open page's stream ended with an error when the
database went away (a traceback in the server's log, and again every 2 s as each page reconnected to a
stream that failed at once). Now it waits the outage out, keep-alives going on, and sends what was
stored once the database is back, from where it was."""

from __future__ import annotations

import json
import threading
import time

import httpx
from test_postgres_team_support import restarting
from test_web_support import article, ingest, serving, talks, web_app

from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_an_open_stream_outlives_an_outage_and_misses_nothing() -> None:
    with restarting() as (url, direct, relay), open_store(url) as store:
        ingest(store, StoryDesk(store), talks())
        before = store.latest_development()
        with (serving(web_app(store)) as base, httpx.Client(base_url=base, timeout=15) as client,
              client.stream("GET", "/events") as response):
            lines = response.iter_lines()
            assert [next(lines) for _ in range(3)] == ["retry: 2000", f"id: {before}", "event: hello"]
            next(lines)  # the hello's data
            relay.stop()  # the server goes away under the open stream
            time.sleep(2.5)  # several polls fail meanwhile

            def back() -> None:  # the server returns, and another process stores a new story
                relay.start()
                with open_store(direct) as other:
                    ingest(other, StoryDesk(other), article(
                        "https://late.example/x", "Late News", "2022-03-31T10:00:00+00:00", "Floods close Lismore",
                        "Floodwater cut the town of Lismore off for a second time on Wednesday, officials said."))

            writer = threading.Thread(target=back)
            writer.start()
            events = []
            for line in lines:  # without the wait this stream had ended: no development came
                if line.startswith("data: "):
                    events.append(json.loads(line.removeprefix("data: ")))
                    break
            writer.join()
        assert events and events[0]["pk"] > before and events[0]["story_title"] == "Floods close Lismore"
