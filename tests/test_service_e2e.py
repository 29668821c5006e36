"""The issue's "done when", for real: ``newsdesk run`` as a process, watches added with the CLI,
``newsdesk ingest`` in another process; the alert arrives within a second by webhook (signed, with
the rule and the sentence), and by email, Web Push and Atom; a rewritten copy from another outlet
delivers nothing more; a watch on Paris stays silent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from test_alerts_support import Browser, free_port, receiver, signed_json, smtp_server, wait_for

EXAMPLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "cbs-kyiv-talks.txt"
NEWSDESK = [str(Path(sys.executable).parent / "newsdesk")]


def _copy_from_another_outlet(path: Path) -> Path:
    """The same report rewritten a little under another outlet's chrome and headline."""
    source = EXAMPLE.read_text(encoding="utf-8")
    body = "Ukrainian and Russian negotiators" + source.split("Ukrainian and Russian negotiators", 1)[1]
    body = body.split("View CBS News In", 1)[0]
    for old, new in (("on Tuesday in Turkey", "in Turkey on Tuesday"), ("tangible progress", "real progress"),
                     ("Ukrainian officials have been pushing", "Officials in Ukraine have pushed")):
        body = body.replace(old, new)
    path.write_text("Daily Wire Service\n\nWorld\n\nRussia says it will scale back military activity near Kyiv\n\n"
                    + body + "\nShare this article\nMore from Daily Wire Service\n", encoding="utf-8")
    return path


def _newsdesk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NEWSDESK, *args], capture_output=True, text=True, env=env, timeout=600, check=False)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs ../shared/examples")
def test_run_alerts_on_an_article_ingested_by_another_process(tmp_path: Path) -> None:
    db, port = str(tmp_path / "news.db"), free_port()
    with receiver() as hooks, receiver() as push, smtp_server() as (smtp_port, inbox):
        env = {**os.environ, "NEWSDESK_DB": db, "NEWSDESK_SMTP_HOST": "127.0.0.1",
               "NEWSDESK_SMTP_PORT": str(smtp_port), "NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}
        service = subprocess.Popen([*NEWSDESK, "run", "--port", str(port), "--no-analyze", "--log-format", "json"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        api = f"http://127.0.0.1:{port}/api"
        try:
            assert wait_for(lambda: _up(api), timeout=120), "newsdesk run did not come up"
            added = _newsdesk("watch", "add", 'place:Kyiv "military activity"', "--webhook", hooks.url + "/kyiv",
                              "--email", "desk@example.org", "--atom", "--webpush", env=env)
            assert added.returncode == 0, added.stderr
            watch = json.loads(added.stdout)
            paris = _newsdesk("watch", "add", "place:Paris", "--webhook", hooks.url + "/paris", env=env)
            assert paris.returncode == 0, paris.stderr
            browser = Browser(push.url + "/push/1")
            assert httpx.post(f"{api}/watches/{watch['id']}/push", json=browser.subscription()).status_code == 201
            server_key = httpx.get(f"{api}/push/key").json()["application_server_key"]

            ingest = _newsdesk("ingest", "--published", "2022-03-29", str(EXAMPLE), env=env)
            ended = time.time()
            assert ingest.returncode == 0, ingest.stderr
            [got] = hooks.wait(1, timeout=5)
            assert got.path == "/kyiv" and got.at <= ended + 1.0, f"webhook {got.at - ended:.2f} s after ingest"
            body = signed_json(got, watch["secret"])
            assert body["watch"] == watch["id"] and body["reason"]["rule"] == 'place:Kyiv "military activity"'
            assert "military activity" in body["reason"]["sentence"] and "Kyiv" in body["reason"]["sentence"]
            assert body["article"]["title"] == "Russia to drastically reduce military activity near Kyiv"
            assert body["story"]["id"] and set(body["article"]) >= {"id", "title", "url"}

            [mail] = wait_for(lambda: list(inbox))
            assert "military activity" in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            [pushed] = push.wait(1)
            assert "military activity" in browser.open(pushed, server_key)["body"]
            feed = ET.fromstring(httpx.get(f"{api}/watches/{watch['id']}/atom").content)
            summaries = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
            assert summaries == [body["reason"]["sentence"]]

            copy = _newsdesk("ingest", "--jsonl", "--published", "2022-03-29",
                             str(_copy_from_another_outlet(tmp_path / "copy.txt")), env=env)
            assert json.loads(copy.stdout)["status"] == "stored", copy.stdout
            time.sleep(1.5)
            assert len(hooks.got) == 1 and len(inbox) == 1 and len(push.got) == 1  # nothing more; Paris silent
            alerts = httpx.get(f"{api}/alerts").json()
            assert [a["watch"] for a in alerts] == [watch["id"]]
            assert {d["state"] for d in alerts[0]["deliveries"]} == {"sent"}
        finally:
            service.send_signal(signal.SIGTERM)
            _, log = service.communicate(timeout=60)
        assert service.returncode == 0, log
        assert '"event": "alert.sent"' in log


def _up(api: str) -> bool:
    try:
        return httpx.get(f"{api}/watches", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
