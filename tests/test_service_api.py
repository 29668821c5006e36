"""The JSON API (create_app over a real store), logins beyond loopback, and the watch commands."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_alerts_engine import quake
from test_alerts_support import Browser

from newsdesk.alerts.access import Access
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app


def test_api_watches_alerts_feed_and_push(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        made = client.post("/api/watches", json={"query": "place:Ridgecrest  earthquake", "atom": True,
                                                 "webhook": "http://127.0.0.1:9/x", "webpush": True})
        assert made.status_code == 201, made.text
        watch = made.json()
        assert watch["query"] == "place:Ridgecrest earthquake" and len(watch["secret"]) == 64
        assert client.post("/api/watches", json={"query": "a AND"}).json() == {
            "error": "query: AND needs something after it (at the end)"}
        assert "secret" not in client.get("/api/watches").json()[0]
        key = client.get("/api/push/key").json()["application_server_key"]
        assert key == client.get("/api/push/key").json()["application_server_key"] and len(key) == 87
        sub = Browser("https://push.example/push/1").subscription()
        assert client.post(f"/api/watches/{watch['id']}/push", json=sub).status_code == 201
        assert AlertStore(store).pushes(watch["id"])[0].endpoint == sub["endpoint"]
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        Alerter(store).step()
        [alert] = client.get("/api/alerts").json()
        assert alert["reason"]["rule"] == "place:Ridgecrest earthquake"
        assert {d["channel"] for d in alert["deliveries"]} == {"webhook", "webpush"}
        feed = client.get(f"/api/watches/{watch['id']}/atom")
        assert feed.headers["content-type"].startswith("application/atom+xml")
        assert b"Earthquake shakes Ridgecrest" in feed.content
        story = client.get("/api/stories").json()[0]
        one = client.get(f"/api/stories/{story['id']}").json()
        assert one["title"] == story["title"]
        # the list leaves developments out, as `newsdesk stories --jsonl` does (it gave [] beside the story's)
        assert "developments" not in story and one["developments"]
        assert client.get(f"/api/articles/{stored.id}/events").json()[0]["type"] == "ASSAULT"
        assert client.get("/api/articles", params={"q": "earthquake"}).json()[0]["id"] == stored.id
        assert client.get("/api/articles/ffff0000").status_code == 404
        paths = client.get("/api/openapi.json").json()["paths"]
        assert {"/api/stories", "/api/articles", "/api/watches", "/api/alerts"} <= set(paths)
        assert client.delete(f"/api/watches/{watch['id']}").status_code == 204
        assert client.get(f"/api/watches/{watch['id']}").status_code == 404


def test_beyond_loopback_the_api_needs_a_token_or_an_account(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        access = Access(AlertStore(store), local=False)
        token = access.new_token("ci")
        access.add_account("ada", "correct horse battery")
        client = TestClient(create_app(store, local=False))
        assert client.get("/api/watches").status_code == 401
        assert client.get("/api/watches", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert client.get("/api/watches", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        good = base64.b64encode(b"ada:correct horse battery").decode()
        bad = base64.b64encode(b"ada:wrong password").decode()
        assert client.get("/api/watches", headers={"Authorization": f"Basic {good}"}).status_code == 200
        assert client.get("/api/watches", headers={"Authorization": f"Basic {bad}"}).status_code == 401
        assert AlertStore(store).password_hash("ada").startswith("$argon2id$")  # type: ignore[union-attr]


def test_run_refuses_a_public_address_without_logins(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    result = CliRunner().invoke(cli, ["run", "--db", db, "--host", "0.0.0.0", "--no-analyze"])
    assert result.exit_code == 1
    assert "refusing to listen beyond this machine without logins" in result.output
    assert "Traceback" not in result.output


def test_watch_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    added = runner.invoke(cli, ["watch", "add", 'place:Kyiv "military activity"', "--db", db, "--webhook",
                                "http://127.0.0.1:9/h", "--email", "a@example.org", "--atom", "--ntfy", "t"])
    assert added.exit_code == 0, added.output
    watch = json.loads(added.stdout)  # stderr notes that no SMTP server is set
    assert set(watch) == {"id", "query", "channels", "secret"}
    assert [c["type"] for c in watch["channels"]] == ["webhook", "email", "atom", "ntfy"]
    listed = runner.invoke(cli, ["watch", "list", "--db", db, "--jsonl"])
    assert json.loads(listed.output)["id"] == watch["id"]
    bad = runner.invoke(cli, ["watch", "add", "place:", "--db", db])
    assert bad.exit_code == 1 and bad.output.strip() == "newsdesk: error: query: place: at position 1 needs a value"
    hook = runner.invoke(cli, ["watch", "add", "x", "--db", db, "--webhook", "ftp://example.org/h"])
    assert hook.exit_code == 1 and hook.output.strip() == (
        "newsdesk: error: --webhook 'ftp://example.org/h': wants an http:// or https:// URL")
    mail = runner.invoke(cli, ["watch", "add", "x", "--db", db, "--email", "a@example.org\nBcc: b@example.org"])
    assert mail.exit_code == 1 and "wants an email address" in mail.output
    quiet = runner.invoke(cli, ["watch", "add", "x", "--db", db, "--quiet", "25:00-07:00"])
    assert quiet.exit_code == 1 and "--quiet wants hours like 22:00-07:00" in quiet.output
    assert runner.invoke(cli, ["watch", "remove", watch["id"], "--db", db]).exit_code == 0
    gone = runner.invoke(cli, ["watch", "remove", watch["id"], "--db", db])
    assert gone.exit_code == 1 and "no watch with id" in gone.output


def test_search_takes_a_radius_and_matches_the_name(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        store.put(quake())
        assert [h.title for h in store.search("place:Ridgecrest~50km")] == ["Earthquake shakes Ridgecrest"]
        assert store.search("place:Paris~50km") == []


def test_run_says_when_it_cannot_listen(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(Path(sys.executable).parent / "newsdesk"), "run", "--db", str(tmp_path / "n.db"),
                                 "--port", str(port), "--no-analyze", "--quiet"], capture_output=True, text=True,
                                timeout=300, check=False)
    # one line, before the monitor starts (uvicorn's own error line and two log lines came first)
    assert result.returncode == 1
    assert result.stderr == (f"newsdesk: error: cannot listen on 127.0.0.1:{port} (address already in use; "
                             "another newsdesk run or demo? give --port N)\n")


def test_every_api_error_is_one_json_shape(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        missing = client.get("/api/stories/snothing")
        assert missing.status_code == 404 and missing.json() == {"error": "no story snothing"}
        bad = client.get("/api/stories?offset=-1")
        assert bad.status_code == 422 and bad.json()["error"].startswith("query.offset: ")
        assert client.get("/api/nowhere").json() == {"error": "Not Found"}


def test_a_held_alert_says_until_when(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        watch = client.post("/api/watches", json={"query": "place:Ridgecrest earthquake", "atom": True,
                                                  "digest": "daily"}).json()
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        Alerter(store).step()
        [alert] = client.get(f"/api/watches/{watch['id']}/alerts").json()
        [listed] = client.get("/api/alerts").json()
        assert alert["state"] == listed["state"] == "held"
        assert alert["due_at"] == listed["due_at"] and alert["due_at"] > alert["created_at"]
