"""event:TYPE takes a PLOVER type: another (event:ATTACK) is refused in one line naming them, where it
matched nothing, silently; watches stored before that was checked still load and match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_alerts_engine import quake

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import QuerySyntaxError, open_store
from newsdesk.store.query import EVENT_TYPES, Field, parse
from newsdesk.web.app import create_app

REFUSED = ("query: unknown event type ATTACK at position 6 (PLOVER types: AGREE, CONSULT, SUPPORT, CONCEDE, "
           "COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)")


def test_the_types_are_the_ontologys() -> None:
    ontology = (Path(__file__).parents[2] / "shared" / "design" / "ontology.md")
    if not ontology.exists():
        ontology = Path("/work/shared/design/ontology.md")
    rows = [line.split("|")[1].strip() for line in ontology.read_text().splitlines()
            if line.startswith("| ") and line.split("|")[1].strip().isupper()]
    assert tuple(rows) == EVENT_TYPES


def test_parse_refuses_an_unknown_type() -> None:
    assert parse("event:assault") == Field("event", "assault")
    with pytest.raises(QuerySyntaxError) as caught:
        parse("kyiv event:ATTACK")
    assert str(caught.value) == REFUSED
    assert parse("kyiv event:ATTACK", known_events=False).items[1] == Field("event", "ATTACK")  # type: ignore[union-attr]


def test_cli_search_api_and_watch_add_refuse_it(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        store.put(quake())
        response = TestClient(create_app(store)).get("/api/articles", params={"q": "kyiv event:ATTACK"})
        assert response.status_code == 400 and response.json() == {"error": REFUSED}
    runner = CliRunner()
    for args in (["search", "kyiv", "event:ATTACK"], ["watch", "add", "kyiv event:ATTACK"],
                 ["watch", "test", "kyiv event:ATTACK"]):
        result = runner.invoke(cli, [*args, "--db", db])
        assert result.exit_code == 1 and result.output == f"newsdesk: error: {REFUSED}\n", args
    with open_store(db) as store:
        assert AlertStore(store).watches() == []


def test_a_watch_stored_before_still_loads(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        watch = alerts.add_watch("Ridgecrest", [])
        with store._db.write() as tx:  # as an older newsdesk stored it
            tx.run("UPDATE watches SET query = ? WHERE id = ?", ("Ridgecrest -event:ATTACK", watch.id))
        Alerter(alerts).matcher()  # no error: the rule loads, and its unknown type matches nothing
        assert json.dumps([w.query for w in alerts.watches()]) == '["Ridgecrest -event:ATTACK"]'
