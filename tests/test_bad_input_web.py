"""A NUL character in a URL path (an id) or parameter: PostgreSQL cannot compare text holding one,
so every lookup by such an id was a 500 naming the database there ("database error (DataError:
PostgreSQL text fields cannot contain NUL (0x00) bytes)") while SQLite answered 404."""

from __future__ import annotations

import select
import socket
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on
from test_web_support import serving

from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.web.app import create_app


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_nul_in_an_id_or_a_parameter_is_a_4xx_on_every_backend(tmp_path: Path, backend: str) -> None:
    with store_on(backend, tmp_path) as store:
        client = TestClient(create_app(store))
        for path in ("/api/stories/s%00", "/api/articles/a%00/quotes", "/api/watches/w%00", "/api/watches/w%00/atom",
                     "/stories/s%00", "/articles/a%00"):
            answer = client.get(path)
            assert answer.status_code == 404 and "database" not in answer.text, (path, answer.text)
        assert client.delete("/api/watches/w%00").status_code == 404
        assert client.post("/api/watches/w%00/pause").status_code == 404
        answer = client.get("/alerts", params={"watch": "w\x00"})
        assert answer.status_code == 400 and answer.json() == {"error": "watch: a NUL character"}
        answer = client.get("/api/articles", params={"q": "kyiv\x00"})  # the query parser says where
        assert answer.status_code == 400 and "a NUL character at position 5" in answer.text
        assert client.get("/api/stories").status_code == 200


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_failure_is_a_generic_500_and_its_detail_goes_to_stderr(
        tmp_path: Path, backend: str, capfd: pytest.CaptureFixture[str]) -> None:
    """The 500 body named the database ("postgresql://postgres@127.0.0.1:5432/test?options=…: database
    error (…)", or the SQLite file's path): a caller learns nothing of it; the server's log does."""
    with store_on(backend, tmp_path) as store:
        client = TestClient(create_app(store), raise_server_exceptions=False)
        assert client.get("/api/stories").status_code == 200
        _drop(store, tmp_path / "news.db", "stories")
        _drop(store, tmp_path / "news.db", "articles")
        capfd.readouterr()
        for path in ("/api/stories", "/search?q=harbour", "/api/articles/abc123", "/articles/abc123"):
            answer = client.get(path)
            assert answer.status_code == 500, (path, answer.text)
            for secret in ("database", "postgres", "news.db", "no such table", "does not exist", "127.0.0.1",
                           "error ("):
                assert secret not in answer.text.lower(), (path, answer.text)
            assert "internal error" in answer.text
        err = capfd.readouterr().err
        lines = [line for line in err.splitlines() if line.startswith("newsdesk: ")]
        assert len(lines) == 4 and "GET /api/stories" in lines[0] and "GET /search" in lines[1], err
        assert all("stories" in line or "articles" in line for line in lines), err
        assert "Traceback" not in err


def _drop(store: Store, path: Path, table: str) -> None:
    """Take a table away under the running app, as a broken or half-restored database would."""
    if store.dialect == "postgres":
        with store._db.write() as tx:  # the store's own connection: its schema, no second login
            tx.run(f"DROP TABLE {table} CASCADE")
    else:
        with closing(sqlite3.connect(path)) as db, db:
            db.execute(f"DROP TABLE {table}")


def _post_raw(base: str, head: bytes, chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """POST over a plain socket: the headers, then ``chunks`` until the server answers (or they run out).
    Returns the answer's first bytes and how many body bytes went out."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            ready, _, _ = select.select([sock], [], [], 0)
            if ready:  # an answer came before the body was all sent
                break
            try:
                sock.sendall(chunk)
            except OSError:  # the server closed the connection on the rest
                break
            sent += len(chunk)
        answer = b""
        try:
            while piece := sock.recv(65_536):  # the 413 closes the connection
                answer += piece
        except ConnectionResetError:  # closed with our body unread: a reset may follow the answer
            pass
        return answer, sent


def test_a_request_body_past_the_cap_is_a_413_unread(tmp_path: Path) -> None:
    """No cap: a body of any size was read whole into memory (forms, API JSON) before a route looked at it."""
    with store_on("sqlite", tmp_path) as store:
        app = create_app(store, settings=Settings(max_request_bytes=100_000))
        with serving(app) as base:
            ok = httpx.post(base + "/api/watches", json={"query": "kyiv talks"}, timeout=10)
            assert ok.status_code == 201, ok.text
            start = time.monotonic()  # a Content-Length past the cap: answered at once, the body never waited for
            answer, _ = _post_raw(base, b"POST /api/watches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  b"Content-Length: 50000000\r\n\r\n", iter([b"{"]))
            assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than 100000 bytes" in answer, answer
            assert time.monotonic() - start < 5
            # chunked, so no length is declared: cut off once the bytes read pass the cap
            chunk = b"%x\r\n%s\r\n" % (65_536, b" " * 65_536)
            answer, sent = _post_raw(base, b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\n",
                                     (time.sleep(0.002) or chunk for _ in range(800)))  # 50 MB offered
            assert answer.startswith(b"HTTP/1.1 413 "), answer
            assert sent < 10_000_000, sent
            # the same to a JSON route: FastAPI made the cap's error a 400 ("error parsing the body")
            answer, sent = _post_raw(base, b"POST /api/watches HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                     b"Content-Type: application/json\r\n\r\n",
                                     (time.sleep(0.002) or chunk for _ in range(800)))
            assert answer.startswith(b"HTTP/1.1 413 ") and b"larger than 100000 bytes" in answer, answer
            assert sent < 10_000_000, sent
            assert httpx.get(base + "/api/stories", timeout=10).status_code == 200  # the service goes on


def test_a_500_goes_to_the_services_log_in_its_format(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Under ``newsdesk run --log-format json`` a 500's detail was a plain stderr line among the JSON ones."""
    import io
    import json

    from newsdesk.monitor import Log

    out = io.StringIO()
    with store_on("sqlite", tmp_path) as store:
        client = TestClient(create_app(store, log=Log(out)), raise_server_exceptions=False)
        _drop(store, tmp_path / "news.db", "stories")
        capfd.readouterr()
        assert client.get("/api/stories").status_code == 500
    [line] = out.getvalue().splitlines()
    record = json.loads(line)
    assert (record["event"], record["level"], record["path"]) == ("http.error", "error", "/api/stories")
    assert "stories" in record["error"]
    assert "newsdesk: " not in capfd.readouterr().err
