"""A watch whose stored flood control makes no sense (saved before the web form checked it, #7):
its alerts go out without that flood control instead of stopping the alerter at each of them,
and no new watch is stored with such options."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_alerts_engine import quake

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel, Options
from newsdesk.alerts.store import AlertStore
from newsdesk.errors import InputError
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


@pytest.mark.parametrize("bad", [{"quiet": "10pm-7am"}, {"timezone": "Mars/Olympus"}, {"digest": "weekly"},
                                 {"max_per_hour": 0}])
def test_a_stored_watch_with_options_it_cannot_use_still_alerts(tmp_path: Path, bad: dict[str, object]) -> None:
    path = str(tmp_path / "n.db")
    with open_store(path) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webhook", "https://hooks.example/in")])
        with sqlite3.connect(path) as other:  # as the form stored it before it checked
            other.execute("UPDATE watches SET options = ? WHERE id = ?",
                          (json.dumps(dict(vars(watch.options), **bad)), watch.id))
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        assert Alerter(store, alerts).step().alerts == 1
        [alert] = alerts.alerts(watch.id)
        assert alert.state == "queued"


def test_a_new_watch_with_options_it_cannot_use_is_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        with pytest.raises(InputError, match="--quiet"):
            AlertStore(store).add_watch("kyiv", [Channel("atom", "")], Options(quiet="10pm-7am"))
        assert AlertStore(store).watches() == []
