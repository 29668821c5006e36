"""JSON that Python's decoder refuses with something other than a JSONDecodeError: nesting past
its recursion limit (RecursionError) and integers past its limit on digits (ValueError), in an
input line, a page's JSON-LD and a browser's push subscription."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_monitor_support import article_page

from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.extract import extract
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.types import Fetched
from newsdesk.web.pages import install
from newsdesk.web.watches import live_alerts, watch_routes

DEEP = "[" * 100_000 + "]" * 100_000


def test_a_line_with_a_number_past_the_digit_limit_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    """Was a ValueError traceback that lost every line after it."""
    good = '{"id": "%s", "text": "The council approved the new budget after a debate."}'
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good % "first", '{"id": "big", "n": ' + "9" * 5000 + "}", good % "last"]) + "\n")
    result = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records if "error" not in r] == ["first", "last"]
    errors = [r for r in records if "error" in r]
    assert errors == [{"line": 2, "error": "not valid JSON (a number of over 4300 digits)"}]


def test_a_page_whose_json_ld_is_nested_too_deep_is_still_extracted() -> None:
    """Was "internal error (RecursionError: ...)": the page lost for a metadata block."""
    html = article_page(1).replace("<head>", f'<head><script type="application/ld+json">{DEEP}</script>')
    article = extract(Fetched(input="page.html", content=html), settings=Settings.load(environ={}))
    assert article.title == "Harbour story 1"


def test_a_push_subscription_nested_too_deep_is_a_400(tmp_path: Path) -> None:
    """Was a 500 (RecursionError out of json.loads)."""
    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        app = FastAPI()
        install(app, store, live=live_alerts(alerts), extensions=[watch_routes(alerts)])
        client = TestClient(app, raise_server_exceptions=False)
        found = re.search(r'name="csrf" value="([^"]+)"', client.get("/watches").text)
        assert found
        client.post("/watches", data={"csrf": found[1], "query": "Kyiv", "webpush": "on"})
        [watch] = alerts.watches()
        made = client.post(f"/watches/{watch.id}/push", content=DEEP, headers={"X-CSRF-Token": found[1]})
        assert made.status_code == 400 and "PushSubscription" in made.text
