"""The alerter on both backends: developments → alerts and outbox rows, once; never on a copy;
flood control (hourly limit, digests, quiet hours)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, store_on

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel, Options
from newsdesk.alerts.store import AlertStore
from newsdesk.store import Store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article

QUAKE = ("A magnitude 6.1 earthquake struck near Ridgecrest in southern California on Thursday, shaking "
         "buildings as far away as Los Angeles. Governor Gavin Newsom said crews were checking roads.")
FOLLOW = ("Aftershocks kept rattling Ridgecrest in southern California on Friday after Thursday's magnitude "
          "6.1 earthquake, and Governor Gavin Newsom asked for federal help to repair the roads.")
FLOOD = ("Floods in Bavaria forced thousands from their homes after the Danube burst its banks near Passau, "
         "and Chancellor Olaf Scholz visited the shelters on Sunday.")
HOOK = Channel("webhook", "http://127.0.0.1:9/hook")


def quake() -> Article:
    return analysed(QUAKE, "https://a.example/quake", title="Earthquake shakes Ridgecrest", people=("Gavin Newsom",),
                    places=("Ridgecrest", "California"), events=("ASSAULT",), published="2019-07-04")


def copy() -> Article:
    return analysed(QUAKE + " ", "https://c.example/quake-copy", title="Quake hits Ridgecrest",
                    people=("Gavin Newsom",), places=("Ridgecrest", "California"), events=("ASSAULT",),
                    published="2019-07-05", source="Other Outlet")


def follow() -> Article:
    return analysed(FOLLOW, "https://a.example/aftershocks", title="Aftershocks rattle Ridgecrest",
                    people=("Gavin Newsom",), places=("Ridgecrest", "California"), events=("REQUEST",),
                    published="2019-07-06")


def flood() -> Article:
    return analysed(FLOOD, "https://b.example/flood", title="Danube floods Passau", people=("Olaf Scholz",),
                    places=("Passau",), published="2019-07-05")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def _ingest(store: Store, desk: StoryDesk, article: Article) -> str:
    put = store.put(article)
    stored = store.get(put.id)
    assert stored is not None
    desk.add(stored)
    return put.id


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at


def test_alerts_once_per_watch_and_article_never_on_a_copy(store: Store) -> None:
    alerts, desk = AlertStore(store), StoryDesk(store)
    alerter = Alerter(store, alerts)
    alerts.cursor()
    quake_watch = alerts.add_watch("place:Ridgecrest earthquake", [HOOK, Channel("email", "a@example.org"),
                                                                    Channel("atom")])
    paris = alerts.add_watch("place:Paris", [HOOK])
    first = _ingest(store, desk, quake())
    report = alerter.step()
    assert (report.alerts, report.deliveries) == (1, 2)  # webhook + email; atom is read, not sent
    [alert] = alerts.alerts(quake_watch.id)
    assert alert.article.id == first and alert.reason.rule == "place:Ridgecrest earthquake"
    assert "earthquake struck near Ridgecrest" in alert.reason.sentence
    assert {d.channel for d in alerts.deliveries(quake_watch.id)} == {"webhook", "email"}
    _ingest(store, desk, copy())
    assert alerter.step().alerts == 0  # a copy has no developments
    assert Alerter(store, alerts).step().developments == 0  # a restart goes on after the cursor
    _ingest(store, desk, follow())
    alerter.step()
    assert [a.article.title for a in alerts.alerts(quake_watch.id)] == ["Aftershocks rattle Ridgecrest",
                                                                        "Earthquake shakes Ridgecrest"]
    _ingest(store, desk, flood())
    alerter.step()
    assert alerts.alerts(paris.id) == []


def test_a_new_watch_fires_only_on_later_developments(store: Store) -> None:
    alerts, desk = AlertStore(store), StoryDesk(store)
    alerts.cursor()
    _ingest(store, desk, quake())
    late = alerts.add_watch("Ridgecrest", [HOOK])
    alerter = Alerter(store, alerts)
    alerter.step()
    assert alerts.alerts(late.id) == []
    _ingest(store, desk, follow())
    alerter.step()
    assert [a.article.title for a in alerts.alerts(late.id)] == ["Aftershocks rattle Ridgecrest"]


def test_a_paused_watch_fires_on_nothing_until_resumed(store: Store) -> None:
    alerts, desk = AlertStore(store), StoryDesk(store)
    alerts.cursor()
    watch = alerts.add_watch("Ridgecrest", [HOOK])
    alerter = Alerter(store, alerts)
    paused = alerts.pause_watch(watch.id)
    assert paused is not None and paused.options.paused
    assert alerts.watch(watch.id).options.paused  # type: ignore[union-attr]
    _ingest(store, desk, quake())
    alerter.step()
    assert alerts.alerts(watch.id) == []
    assert alerts.pause_watch(watch.id, paused=False) is not None
    _ingest(store, desk, follow())
    alerter.step()  # the same alerter: it sees the resume without a restart
    assert [a.article.title for a in alerts.alerts(watch.id)] == ["Aftershocks rattle Ridgecrest"]
    assert alerts.pause_watch("w-none") is None


def test_hourly_limit_digest_and_quiet_hours_hold_alerts_then_send_one_digest(store: Store) -> None:
    alerts, desk, clock = AlertStore(store), StoryDesk(store), Clock()
    alerter = Alerter(store, alerts, clock=clock)
    alerts.cursor()
    limited = alerts.add_watch("Ridgecrest OR Passau", [HOOK], Options(max_per_hour=1))
    digest = alerts.add_watch("Ridgecrest OR Passau", [HOOK], Options(digest="hourly"))
    quiet = alerts.add_watch("Ridgecrest OR Passau", [HOOK], Options(quiet="11:00-13:30"))
    _ingest(store, desk, quake())
    _ingest(store, desk, flood())
    alerter.step()
    states = {w.id: [a.state for a in reversed(alerts.alerts(w.id))] for w in (limited, digest, quiet)}
    assert states == {limited.id: ["queued", "held"], digest.id: ["held", "held"], quiet.id: ["held", "held"]}
    assert len(alerts.deliveries(limited.id)) == 1 and alerts.deliveries(digest.id) == []
    assert alerter.release() == 0  # nothing due yet
    clock.at += dt.timedelta(hours=1, minutes=1)  # 13:01: the hour has passed, still quiet until 13:30
    assert alerter.release() == 2
    for watch in (limited, digest):
        newest = alerts.deliveries(watch.id)[0]
        assert newest.body.get("digest") is (None if watch is limited else True)
    clock.at += dt.timedelta(minutes=30)
    assert alerter.release() == 1
    [sent] = alerts.deliveries(quiet.id)
    assert sent.body["digest"] is True and len(sent.body["alerts"]) == 2
    assert {a.state for a in alerts.alerts(quiet.id)} == {"digested"}



@pytest.mark.parametrize("backend", BACKENDS)
def test_a_rebuild_of_the_stories_alerts_on_nothing_old(backend: str, tmp_path: Path) -> None:
    import contextlib

    from click.testing import CliRunner
    from test_store_support import pg_schema

    from newsdesk.cli import cli
    from newsdesk.store import open_store

    with contextlib.ExitStack() as stack:
        url = stack.enter_context(pg_schema()) if backend == "postgres" else str(tmp_path / "news.db")
        with open_store(url) as store:
            alerts, desk = AlertStore(store), StoryDesk(store)
            alerter = Alerter(store, alerts)
            alerts.cursor()
            _ingest(store, desk, quake())
            alerter.step()
            watch = alerts.add_watch("Ridgecrest", [HOOK])  # made after the quake was stored
        result = CliRunner().invoke(cli, ["stories", "--rebuild", "--db", url])
        assert result.exit_code == 0, result.output
        with open_store(url) as store:
            alerts = AlertStore(store)
            assert Alerter(store, alerts).step().alerts == 0  # the rebuilt developments are not news
            assert alerts.alerts(watch.id) == []
            _ingest(store, StoryDesk(store), follow())
            assert Alerter(store, alerts).step().alerts == 1  # what comes after the rebuild still is
