"""The sources page: list what the monitor follows and how it fared; add a web address, remove one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on

from newsdesk.errors import InputError
from newsdesk.store import FetchResult, open_store
from newsdesk.web.app import create_app


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/sources").text)
    assert found
    return found.group(1)


def test_add_list_and_remove_sources_on_the_page(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        assert "No sources yet" in client.get("/sources").text
        csrf = _csrf(client)
        added = client.post("/sources", data={"csrf": csrf, "url": " https://news.example/rss.xml ", "kind": "auto"},
                            follow_redirects=False)
        assert added.status_code == 303
        [source] = store.list_sources()  # the monitor's own list: it checks it at its next pass
        assert (source.url, source.kind) == ("https://news.example/rss.xml", "feed")
        page = client.get(added.headers["location"]).text
        assert "Added https://news.example/rss.xml: the monitor checks it at its next pass." in page
        assert "not checked yet" in page
        again = client.post("/sources", data={"csrf": csrf, "url": "https://news.example/rss.xml", "kind": "auto"})
        assert "Already followed: https://news.example/rss.xml." in again.text and len(store.list_sources()) == 1

        store.record_fetch(source.id, FetchResult(status=503, error="HTTP 503"))
        failing = client.get("/sources").text
        assert "1 failing" in failing and "failing (1 in a row)" in failing and "HTTP 503" in failing

        # a page must not make the service read its own disk, nor take what is no source
        for url, reason in ((str(tmp_path), "a source here is an http:// or https:// address"),
                            ("file:///etc/passwd", "a source here is an http:// or https:// address"),
                            ("https://", "a source URL must be http or https, with a host")):
            refused = client.post("/sources", data={"csrf": csrf, "url": url, "kind": "auto"})
            assert refused.status_code == 400 and reason in refused.text, url
        assert client.post("/sources", data={"csrf": "forged", "url": "https://b.example/feed"}).status_code == 403
        assert len(store.list_sources()) == 1

        removed = client.post(f"/sources/{source.id}/delete", data={"csrf": csrf}, follow_redirects=False)
        assert removed.status_code == 303 and store.list_sources() == []
        gone = client.post(f"/sources/{source.id}/delete", data={"csrf": csrf})
        assert gone.status_code == 404 and "it was removed" in gone.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_source_address_past_2000_bytes_is_refused_in_one_line(backend: str, tmp_path: Path) -> None:
    # PostgreSQL's unique index refused it as 'database error (ProgramLimitExceeded ...)'
    long_url = "https://news.example/feed?" + "x=1&" * 800
    with store_on(backend, tmp_path) as store:
        with pytest.raises(InputError, match=r"a source address of 3226 characters \(at most 2000\)"):
            store.add_source(long_url)
        kept = store.add_source("https://news.example/rss")
        with pytest.raises(InputError):
            store.move_source(kept.id, long_url)
        assert [s.url for s in store.list_sources()] == ["https://news.example/rss"]
