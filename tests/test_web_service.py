"""The pages inside the service's app (``create_app``): the login gate over the service's accounts
when it listens beyond localhost, the page session accepted by the API, sessions kept across a restart."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from test_web_support import seeded_store

from newsdesk.alerts.access import Access
from newsdesk.alerts.store import AlertStore
from newsdesk.web.app import create_app


def test_accounts_log_in_to_pages_and_the_api_trusts_the_session(tmp_path: Path) -> None:
    store, ids = seeded_store(tmp_path / "svc.db")
    with store:
        Access(AlertStore(store), local=False).add_account("ana", "correct horse battery")
        client = TestClient(create_app(store, local=False), base_url="https://desk.example")
        assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
        assert client.get("/api/stories").status_code == 401
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert csrf
        bad = client.post("/login", data={"csrf": csrf[1], "user": "ana", "password": "wrong"})
        assert bad.status_code == 401
        good = client.post("/login", data={"csrf": csrf[1], "user": "ana", "password": "correct horse battery",
                                           "next": f"/articles/{ids['talks']}"}, follow_redirects=False)
        assert good.status_code == 303 and good.headers["location"] == f"/articles/{ids['talks']}"
        assert "Alexander Fomin" in client.get(good.headers["location"]).text
        assert client.get("/api/stories").status_code == 200
        # a restarted service keeps the signing key: the session still holds
        again = TestClient(create_app(store, local=False), base_url="https://desk.example", cookies=client.cookies)
        assert again.get("/").status_code == 200
        assert again.post("/logout", data={"csrf": csrf[1]}, follow_redirects=False).headers["location"] == "/login"


def test_on_localhost_pages_need_no_login(tmp_path: Path) -> None:
    store, _ = seeded_store(tmp_path / "local.db")
    with store:
        client = TestClient(create_app(store, local=True))
        assert client.get("/").status_code == 200
        assert client.get("/login", follow_redirects=False).headers["location"] == "/"
        assert client.get("/api/openapi.json").status_code == 200
        assert "content-security-policy" not in client.get("/api/docs").headers
