"""``newsdesk run --once`` as far as alerts go: what it matched is logged as the service logs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from test_alerts_engine import quake
from test_alerts_support import receiver

from newsdesk.alerts.records import Channel
from newsdesk.alerts.service import AlertService
from newsdesk.alerts.store import AlertStore
from newsdesk.monitor.log import Log
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_run_once_logs_what_it_matched_and_sent(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("earthquake", [Channel("webhook", hook.url + "/in")])
        StoryDesk(store).add(store.get(store.put(quake()).id))  # type: ignore[arg-type]
        out = io.StringIO()
        service = AlertService(store, Settings(allowed_networks="127.0.0.0/8"), log=Log(out),
                               geocode=lambda name: None)
        try:
            assert service.run_once() == 1
        finally:
            service.close()
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        # it logged alert.sent, never what it matched
        [matched] = [x for x in lines if x["event"] == "alert.matched"]
        assert (matched["alerts"], matched["deliveries"], matched["articles"]) == (1, 1, 1)
        [sent] = [x for x in lines if x["event"] == "alert.sent"]
        assert sent["watch"] == watch.id and len(hook.got) == 1
