"""The database away under the web app (#5): every page and API call answered 500 ("internal error")
as if the server were broken. Now 503 with Retry-After: the API in its JSON error shape, a browser a
short page saying the database is unreachable and to retry; once it is back, the answers are too."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from test_postgres_team_support import restarting
from test_web_support import ingest, talks

from newsdesk.monitor import Log
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}


def test_an_outage_is_a_503_with_retry_after_and_its_end_is_not() -> None:
    out = io.StringIO()
    with restarting() as (url, _direct, relay), open_store(url) as store:
        ingest(store, StoryDesk(store), talks())
        client = TestClient(create_app(store, log=Log(out)))
        assert client.get("/api/stories").status_code == 200
        relay.stop()  # the server is away
        for path in ("/api/stories", "/api/entities", "/api/quotes"):
            answer = client.get(path)
            assert answer.status_code == 503, (path, answer.text)
            assert answer.headers["retry-after"].isdigit()
            assert answer.json() == {"error": "the database is unreachable: nothing is lost, try again in a minute"}
        for path in ("/", "/people", "/quotes", "/search?q=Kyiv", "/stories/x"):
            page = client.get(path, headers=HTML)
            assert page.status_code == 503, (path, page.text[:300])
            assert page.headers["retry-after"].isdigit() and page.headers["content-type"].startswith("text/html")
            assert "Database unreachable" in page.text and "try again" in page.text
            assert "127.0.0.1" not in page.text  # the database's address stays in the log
        assert "http.error" in out.getvalue()
        relay.start()  # and back
        assert client.get("/api/stories").status_code == 200
        assert client.get("/people", headers=HTML).status_code == 200
