"""Editing a watch (#7, #8): its rule, channels and flood control change, its id, secret, alerts and
push subscriptions stay, and the running alerter fires on the new rule from then on — by the
CLI (`newsdesk watch edit`) and the API (`PUT /api/watches/{id}`)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_alerts_engine import follow, quake

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article
from newsdesk.web.app import create_app


def _arrive(store: object, article: Article) -> None:
    stored = store.get(store.put(article).id)  # type: ignore[attr-defined]
    StoryDesk(store).add(stored)  # type: ignore[arg-type]


def test_the_cli_edits_a_watch_and_the_alerter_follows(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    made = json.loads(runner.invoke(cli, ["watch", "add", "--db", db, "volcano", "--atom"]).stdout)
    with open_store(db) as store:
        alerter = Alerter(store)
        alerter.step()
        edited = runner.invoke(cli, ["watch", "edit", "--db", db, made["id"][:6], "place:Ridgecrest  earthquake",
                                     "--webhook", "https://hooks.example/in", "--digest", "daily"])
        assert edited.exit_code == 0, edited.output
        now = json.loads(edited.stdout)
        assert (now["id"], now["secret"], now["query"]) == (made["id"], made["secret"], "place:Ridgecrest earthquake")
        [watch] = AlertStore(store).watches()
        assert [c.type for c in watch.channels] == ["webhook"] and watch.options.digest == "daily"
        _arrive(store, quake())
        assert alerter.step().alerts == 1  # the running alerter took the new rule
        [alert] = AlertStore(store).alerts(watch.id)
        assert alert.state == "held"  # and its daily digest


def test_an_edit_the_watch_cannot_take_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    made = json.loads(runner.invoke(cli, ["watch", "add", "--db", db, "volcano", "--atom"]).stdout)
    bad = runner.invoke(cli, ["watch", "edit", "--db", db, made["id"], "volcano AND"])
    assert bad.exit_code == 1 and "AND needs something after it" in bad.stderr
    late = runner.invoke(cli, ["watch", "edit", "--db", db, made["id"], "volcano", "--quiet", "10pm-7am"])
    assert late.exit_code == 1 and "--quiet wants hours like 22:00-07:00" in late.stderr
    missing = runner.invoke(cli, ["watch", "edit", "--db", db, "wdeadbeef0000", "volcano"])
    assert missing.exit_code == 1 and "wdeadbeef0000" in missing.stderr
    with open_store(db) as store:
        [watch] = AlertStore(store).watches()
        assert watch.query == "volcano" and [c.type for c in watch.channels] == ["atom"]


def test_the_api_edits_a_watch(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        watch = client.post("/api/watches", json={"query": "volcano", "atom": True}).json()
        _arrive(store, quake())
        Alerter(store).step()
        put = client.put(f"/api/watches/{watch['id']}", json={"query": "aftershocks", "atom": True})
        assert put.status_code == 200, put.text
        assert put.json()["query"] == "aftershocks" and "secret" not in put.json()
        assert client.get(f"/api/watches/{watch['id']}").json()["query"] == "aftershocks"
        assert AlertStore(store).watch(watch["id"]).secret == watch["secret"]  # type: ignore[union-attr]
        _arrive(store, follow())
        assert Alerter(store).step().alerts == 1
        assert client.put("/api/watches/wdeadbeef0000", json={"query": "x"}).status_code == 404
        refused = client.put(f"/api/watches/{watch['id']}", json={"query": "x", "digest": "weekly"})
        assert refused.status_code == 400 and "digest" in refused.json()["error"]
