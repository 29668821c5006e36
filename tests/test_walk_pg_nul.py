"""A NUL character in text written to the store (#5). PostgreSQL cannot hold one in TEXT or JSONB;
SQLite stored it. So a watch whose webhook URL held one was saved on SQLite (201) and a 500
("database error (UntranslatableCharacter ...)") on PostgreSQL, and an article with a NUL in an
entity name was stored or refused by the database it went to. The store now refuses such text on
every backend with one line naming it (an input error: a 400 on the web); text that only spells
a backslash escape (`\\u0000` typed out) is stored as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, analysed, article, store_on

from newsdesk.errors import InputError
from newsdesk.web.app import create_app


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_nul_in_an_article_is_refused_on_every_backend(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        for bad in (article("The council met.\x00", "https://example.com/a"),
                    analysed("Bob spoke to the council.", "https://example.com/b", people=("Bo\x00b",)),
                    article("The council met.", "https://example.com/c", title="Coun\x00cil")):
            with pytest.raises(InputError, match="text with a NUL character cannot be stored"):
                store.put(bad)
        assert store.count() == 0
        typed = store.put(article("A note on JSON: \\u0000 is how NUL is escaped.", "https://example.com/d",
                                  title="[\\u0000]"))
        assert typed.status == "stored" and "\\u0000" in store.get(typed.id).text


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_watch_with_a_nul_in_its_webhook_is_a_400_on_every_backend(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        client = TestClient(create_app(store), raise_server_exceptions=False)
        answer = client.post("/api/watches", json={"query": "talks", "webhook": "https://example.com/h\x00ook"})
        assert answer.status_code == 400, answer.text
        assert "NUL character" in answer.json()["error"]
        assert client.get("/api/watches").json() == []
        assert client.post("/api/watches", json={"query": "talks", "webhook": "https://example.com/hook"}
                           ).status_code == 201
