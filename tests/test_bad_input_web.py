"""A NUL character in a URL path (an id) or parameter: PostgreSQL cannot compare text holding one,
so every lookup by such an id was a 500 naming the database there ("database error (DataError:
PostgreSQL text fields cannot contain NUL (0x00) bytes)") while SQLite answered 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on

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
