"""A hostile client against the JSON API and the pages (session 21): each answer a 4xx saying what is
wrong, never a 500, and nothing stored lost."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_web_support import article, ingest, seeded_store

from newsdesk.settings import Settings
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app


def _client(tmp_path: Path) -> tuple[TestClient, str]:
    store, _ = seeded_store(tmp_path / "news.db")
    client = TestClient(create_app(store), raise_server_exceptions=False)
    return client, client.get("/api/stories").json()[0]["id"]


def test_a_body_that_is_not_utf8_or_not_json_is_a_422_saying_to_send_json(tmp_path: Path) -> None:
    """A body of bytes that are not UTF-8, sent without ``Content-Type: application/json``, came back
    to FastAPI's error encoder as bytes, which it decodes strictly: a 500 on every POST and PUT."""
    client, story = _client(tmp_path)
    watch = client.post("/api/watches", json={"query": "Kyiv", "atom": True}).json()["id"]
    for method, path in (("POST", "/api/watches"), ("PUT", f"/api/watches/{watch}"),
                         ("POST", f"/api/stories/{story}/move"), ("POST", f"/api/stories/{story}/merge"),
                         ("POST", f"/api/watches/{watch}/push")):
        for body, headers in ((b"\xff\xfe", {}), (b'{"query": "a\xff"}', {"content-type": "text/plain"}),
                              (b'{"query": "Kyiv"}', {"content-type": "text/plain"})):
            answer = client.request(method, path, content=body, headers=headers)
            assert answer.status_code == 422, (method, path, body, answer.text)
            assert answer.json()["error"] == "body: send a JSON object, with Content-Type: application/json"
    assert [w["id"] for w in client.get("/api/watches").json()] == [watch]
    assert client.get(f"/api/stories/{story}").status_code == 200


def test_an_unclosed_bracket_in_host_or_origin_is_refused_or_passed_never_a_500(tmp_path: Path) -> None:
    """``Host: [::1`` or ``Origin: http://[::1`` (an IPv6 address with no closing bracket) made
    ``urlsplit`` raise in the loopback and same-origin checks: a 500 on every request that sent one."""
    client, _ = _client(tmp_path)
    answer = client.get("/api/stories", headers={"host": "[::1"})  # no browser headers: a script, let through
    assert answer.status_code == 200
    answer = client.get("/api/stories", headers={"host": "[::1", "sec-fetch-site": "same-origin"})
    assert answer.status_code == 403 and "[::1: refused" in answer.json()["error"]
    answer = client.post("/api/watches", json={"query": "Kyiv", "atom": True},
                         headers={"host": "127.0.0.1", "origin": "http://[::1"})
    assert answer.status_code == 403 and "another site" in answer.json()["error"]
    assert client.get("/api/watches").json() == []
    store, _ = seeded_store(tmp_path / "remote.db")
    remote = TestClient(create_app(store, local=False), raise_server_exceptions=False)
    answer = remote.post("/api/watches", json={"query": "Kyiv"}, headers={"host": "[::1", "origin": "http://[::1"})
    assert answer.status_code == 403


def test_a_story_page_shows_an_article_whose_link_cannot_be_parsed(tmp_path: Path) -> None:
    """An article with no source name is shown by its link's site; a link with an unclosed ``[``
    ("http://[::1/x", as a JSON line may bring) made the story page a 500."""
    store, _ = seeded_store(tmp_path / "news.db")
    item = article("http://[::1/x", "", "2022-03-31T10:00:00+00:00", "Harbour flooded in Odesa",
                   "The harbour in Odesa flooded on Thursday, officials said.")
    story = store.story_of(ingest(store, StoryDesk(store), item))
    client = TestClient(create_app(store), raise_server_exceptions=False)
    answer = client.get(f"/stories/{story}")
    assert answer.status_code == 200 and 'href="http://[::1/x"' in answer.text and ">http://[::1/x</a>" in answer.text


def test_a_form_past_the_body_cap_gets_a_page_and_the_api_json(tmp_path: Path) -> None:
    """A browser's form past ``max_request_bytes`` (a huge paste into the rule box) got the API's raw
    JSON 413: a dead end with no way back to the site."""
    store, _ = seeded_store(tmp_path / "news.db")
    client = TestClient(create_app(store, settings=Settings(max_request_bytes=1000)), raise_server_exceptions=False)
    answer = client.post("/watches", content=b"csrf=x&query=" + b"x" * 2000,
                         headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"})
    assert answer.status_code == 413 and answer.headers["content-type"].startswith("text/html")
    assert "too large (over 1000 bytes)" in answer.text and 'href="/"' in answer.text
    assert answer.headers["connection"] == "close"
    answer = client.post("/api/watches", content=b'{"query": "' + b"x" * 2000 + b'"}',
                         headers={"content-type": "application/json", "accept": "text/html"})
    assert answer.status_code == 413 and "max_request_bytes" in answer.json()["error"]
    assert client.get("/api/watches").json() == []
