"""Errors a browser meets on the site's pages come as pages; the API's stay JSON."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from test_web_support import seeded_store

from newsdesk.store import open_store
from newsdesk.web.app import create_app

PAGE = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # Chromium's, navigating


def test_a_bad_address_on_the_site_is_a_page_with_the_way_back(tmp_path: Path) -> None:
    """"/?page=0" or a mistyped path showed a browser raw JSON: no site around it, no link back."""
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        for path, status, says in (("/?page=0", 400, "page: Input should be greater than or equal to 1"),
                                   ("/search?q=Kyiv&limit=lots", 400, "limit: Input should be a valid integer"),
                                   ("/storys", 404, "No page at /storys.")):
            page = client.get(path, headers=PAGE)
            assert page.status_code == status and page.headers["content-type"].startswith("text/html"), path
            assert says in page.text and 'href="/">Back to the stories</a>' in page.text
            assert 'aria-label="Main"' in page.text and "Content-Security-Policy" in page.headers
        # a script, curl or the API keep their JSON
        assert client.get("/?page=0").json()["error"] == "query.page: Input should be greater than or equal to 1"
        assert client.get("/storys").json() == {"error": "Not Found"}
        assert client.get("/api/stories?limit=0", headers=PAGE).status_code == 422
        assert client.get("/api/nope", headers=PAGE).json() == {"error": "Not Found"}


def test_the_alerts_of_an_unknown_watch_are_a_404_in_the_api(tmp_path: Path) -> None:
    """They were [], read as a watch that has not fired; its Atom feed was already a 404."""
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        made = client.post("/api/watches", json={"query": "Kyiv"}).json()
        assert client.get(f"/api/watches/{made['id']}/alerts").json() == []
        gone = client.get("/api/watches/wnosuchwatch/alerts")
        assert gone.status_code == 404 and gone.json() == {"error": "no watch wnosuchwatch"}


def test_an_unknown_event_type_is_a_400_not_an_empty_list(tmp_path: Path) -> None:
    """``/api/articles/{id}/events?type=PROTESTS`` gave [], read as an article without protests."""
    store, ids = seeded_store(tmp_path / "n.db")
    with store:
        client = TestClient(create_app(store))
        assert [e["type"] for e in client.get(f"/api/articles/{ids['talks']}/events", params={"type": "consult"}).json()
                ] == ["CONSULT"]
        bad = client.get(f"/api/articles/{ids['talks']}/events", params={"type": "PROTESTS"})
        assert bad.status_code == 400 and bad.json()["error"].startswith("type: unknown event type 'PROTESTS' (PLOVER")
