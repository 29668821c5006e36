"""HEAD answers as GET does, without a body: ``curl -I`` and uptime monitors got a 405 on every route."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_web_support import seeded_store

from newsdesk.web.app import create_app


def test_head_gives_gets_status_and_headers_without_the_body(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path / "news.db")
    client = TestClient(create_app(store), raise_server_exceptions=False)
    story = client.get("/api/stories").json()[0]["id"]
    for path in ("/api/stories", f"/api/stories/{story}", "/api/openapi.json", "/", f"/stories/{story}"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and got.content
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/api/stories/nothing-here").status_code == 404
    assert client.post("/api/stories").status_code == 405  # other methods are still only what routes take
    assert client.get("/api/stories").json()[0]["id"] == story


def test_head_on_the_live_stream_ends_at_its_headers(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path / "news.db")
    client = TestClient(create_app(store), raise_server_exceptions=False)
    head = client.head("/events")  # a GET stays open for updates: HEAD must not wait for them
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("text/event-stream")
