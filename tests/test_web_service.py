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
        docs = client.get("/api/docs")
        assert docs.status_code == 200 and "script-src 'self'" in docs.headers["content-security-policy"]


def test_the_login_leads_back_to_the_whole_address_and_offers_no_log_out(tmp_path: Path) -> None:
    """A search link opened after the login as an empty search ("?q=…" was dropped), a mistyped password
    lost the page asked for altogether, and the login page offered "Log out" to someone not logged in
    while its live stream was redirected to the login page (an EventSource cannot read a page)."""
    store, _ = seeded_store(tmp_path / "svc.db")
    with store:
        Access(AlertStore(store), local=False).add_account("ana", "correct horse battery")
        client = TestClient(create_app(store, local=False), base_url="https://desk.example")
        first = client.get("/search?q=Kyiv&place=Kyiv", follow_redirects=False)
        assert first.headers["location"] == "/login?next=/search%3Fq%3DKyiv%26place%3DKyiv"
        form = client.get(first.headers["location"])
        assert 'name="next" value="/search?q=Kyiv&amp;place=Kyiv"' in form.text and "Log out" not in form.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        wrong = client.post("/login", data={"csrf": csrf[1], "user": "ana", "password": "wrong",
                                            "next": "/search?q=Kyiv&place=Kyiv"})
        assert wrong.status_code == 401 and 'name="next" value="/search?q=Kyiv&amp;place=Kyiv"' in wrong.text
        assert client.get("/events").status_code == 401
        good = client.post("/login", data={"csrf": csrf[1], "user": "ana", "password": "correct horse battery",
                                           "next": "/search?q=Kyiv&place=Kyiv"}, follow_redirects=False)
        assert good.headers["location"] == "/search?q=Kyiv&place=Kyiv"
        assert "Log out" in client.get(good.headers["location"]).text


def test_the_api_reference_is_a_page_of_the_site_that_works_offline(tmp_path: Path) -> None:
    """/api/docs (Swagger UI) loaded its script and styles from cdn.jsdelivr.net: a blank page on an offline
    laptop, and a request to a third party from every visit."""
    store, _ = seeded_store(tmp_path / "docs.db")
    with store:
        client = TestClient(create_app(store, local=True))
        page = client.get("/api/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from elsewhere
        text = re.sub(r"\s+", " ", page.text)
        assert "<h3><code>GET /api/stories</code></h3> <p>Stories, the most recently updated first" in text
        assert ("<tr><td><code>limit</code></td><td>query</td><td>integer, 1 to 500, default 20</td></tr>" in text)
        assert ('<tr><td><code>query</code> <span class="hint">(required)</span></td><td>body</td><td>string, '
                'not empty <span class="hint">e.g. <code>place:Kyiv &#34;military activity&#34;</code></span>') in text
        for path in client.get("/api/openapi.json").json()["paths"]:
            assert f" {path}</code></h3>" in text
