"""An NGO duty desk's walkthrough of the alerts (#7): a watch paused and resumed while no service
ran alerts on nothing that arrived meanwhile (and resume says what it skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_alerts_engine import flood, follow, quake
from test_store_support import BACKENDS, store_on

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article

HOOK = Channel("webhook", "https://hooks.example/in")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def _ingest(store: Store, article: Article) -> str:
    stored = store.get(store.put(article).id)
    assert stored is not None
    StoryDesk(store).add(stored)
    return stored.id


def test_a_watch_resumed_before_the_service_looks_skips_what_arrived_while_paused(store: Store) -> None:
    alerts = AlertStore(store)
    alerts.cursor()
    watch = alerts.add_watch("place:Ridgecrest", [HOOK])
    alerts.pause_watch(watch.id)
    _ingest(store, quake())  # no service is running: nothing matched it while the watch was paused
    alerts.pause_watch(watch.id, False)
    assert Alerter(store, alerts).step().alerts == 0  # it was alerted on now, after the resume
    assert alerts.alerts(watch.id) == []
    later = _ingest(store, follow())
    assert Alerter(store, alerts).step().alerts == 1
    assert [a.article.id for a in alerts.alerts(watch.id)] == [later]


def test_resume_says_how_many_articles_it_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest", [HOOK])
    runner = CliRunner()
    assert runner.invoke(cli, ["watch", "pause", watch.id[:6], "--db", db]).exit_code == 0
    with open_store(db) as store:
        _ingest(store, quake())
        _ingest(store, flood())
    resumed = runner.invoke(cli, ["watch", "resume", watch.id[:6], "--db", db])
    assert resumed.exit_code == 0, resumed.output
    assert f"resumed {watch.id}: 2 articles stored while it was paused will not be alerted" in resumed.stderr
    again = runner.invoke(cli, ["watch", "resume", watch.id, "--db", db])  # not paused: nothing skipped
    assert again.stderr.strip() == f"resumed {watch.id}"
