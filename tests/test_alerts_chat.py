"""Slack and Discord incoming webhooks against a real receiver on loopback: each gets its own
message shape, article text pings no one and is no markup, and the options reach the CLI, API and page."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_alerts_channels import HOSTILE, LOOPBACK, _alert_on_quake
from test_alerts_support import deliver_due, receiver

from newsdesk.alerts.channels.chat import DISCORD_CHARS, discord_payload, slack_payload
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.web.app import create_app


def _item(title: str, sentence: str, url: str = "https://a.example/quake") -> dict[str, object]:
    return {"watch": "w1", "alert": "a1", "story": {"id": "s1", "title": None},
            "article": {"id": "x", "title": title, "url": url, "source": "Wire", "published": None},
            "reason": {"rule": "earthquake", "sentence": sentence}}


def test_slack_and_discord_get_their_own_message_from_one_alert(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        watch_id = _alert_on_quake(store, [Channel("slack", hook.url + "/slack"), Channel("discord", hook.url + "/dc")])
        assert deliver_due(AlertStore(store), Settings(allowed_networks=LOOPBACK)) == 2
        got = {r.path: json.loads(r.body) for r in hook.wait(2)}
        slack, discord = got["/slack"], got["/dc"]
        assert slack["text"].startswith("*newsdesk: Earthquake shakes Ridgecrest*")
        assert "<https://a.example/quake|Earthquake shakes Ridgecrest>" in slack["text"]
        assert "Rule: `place:Ridgecrest earthquake`" in slack["text"]
        assert slack["unfurl_links"] is False
        assert "[Earthquake shakes Ridgecrest](<https://a.example/quake>)" in discord["content"]
        assert discord["allowed_mentions"] == {"parse": []}
        assert [d.state for d in AlertStore(store).deliveries(watch_id)] == ["sent", "sent"]


def test_article_text_pings_no_one_and_is_no_markup() -> None:
    body = _item(HOSTILE + " <!channel> <@U123>", "Shaking felt by @everyone, see [this](https://evil.example) *now*")
    slack = slack_payload(body)["text"]
    assert "<!channel>" not in slack and "&lt;!channel&gt;" in slack and "<@U123>" not in slack
    assert "&lt;script&gt;" in slack
    discord = discord_payload(body)
    assert "[this](https://evil.example)" not in discord["content"] and "\\[this\\]" in discord["content"]
    assert "\\@everyone" in discord["content"] and discord["allowed_mentions"] == {"parse": []}
    # a URL that would close Slack's link early is shown as text, not linked
    assert "<https://a.example/x|y>" not in slack_payload(_item("Title", "s", "https://a.example/x|y>"))["text"]


def test_a_digest_lists_ten_then_counts_and_discord_stays_under_its_limit() -> None:
    digest = {"watch": "w1", "digest": True, "alerts": [_item(f"Quake {i}", "word " * 120) for i in range(14)]}
    assert "… and 4 more" in slack_payload(digest)["text"] and "Quake 9" in slack_payload(digest)["text"]
    content = discord_payload(digest)["content"]
    assert len(content) <= DISCORD_CHARS and content.endswith("Rule: earthquake")


def test_chat_channels_from_the_cli_api_and_page(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    made = runner.invoke(cli, ["watch", "add", "earthquake", "--db", db, "--slack", "https://hooks.slack.example/T/B/x",
                               "--discord", "https://discord.example/api/webhooks/1/y"])
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["channels"] == [
        {"type": "slack", "target": "https://hooks.slack.example/T/B/x"},
        {"type": "discord", "target": "https://discord.example/api/webhooks/1/y"}]
    bad = runner.invoke(cli, ["watch", "add", "earthquake", "--db", db, "--slack", "#newsroom"])
    assert bad.exit_code == 1
    assert bad.stderr == ("newsdesk: error: --slack '#newsroom': wants an incoming-webhook URL "
                          "(http:// or https://)\n")
    with open_store(db) as store:
        client = TestClient(create_app(store))
        posted = client.post("/api/watches", json={"query": "quake", "discord": "https://discord.example/api/webhooks/2"})
        assert posted.status_code == 201 and posted.json()["channels"] == [
            {"type": "discord", "target": "https://discord.example/api/webhooks/2"}]
        page = client.get("/watches").text
        assert 'id="slack" name="slack"' in page and "Slack → https://hooks.slack.example/T/B/x" in page


@contextmanager
def bot_api(token: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A Telegram Bot API stand-in on loopback: sendMessage for one bot; chat "-1" does not exist."""
    got: list[dict[str, Any]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            if self.path != f"/bot{token}/sendMessage":
                status, answer = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            elif data["chat_id"] == "-1":
                status, answer = 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            else:
                got.append(data)
                status, answer = 200, {"ok": True, "result": {"message_id": len(got)}}
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", got
    finally:
        server.shutdown()
        server.server_close()


def test_telegram_bot_posts_to_the_chat_and_never_shows_its_token(tmp_path: Path) -> None:
    token = "123456:AAsecret-token"
    with open_store(str(tmp_path / "n.db")) as store, bot_api(token) as (api, got):
        watch_id = _alert_on_quake(store, [Channel("telegram", "@newsroom_alerts"), Channel("telegram", "-1")],
                                   title=HOSTILE)
        alerts = AlertStore(store)
        # the operator's own Bot API server, as ntfy_server: no allowed_networks needed for it
        assert deliver_due(alerts, Settings(telegram_bot_token=token, telegram_api=api)) == 2
        [sent] = got
        assert sent["chat_id"] == "@newsroom_alerts" and sent["parse_mode"] == "HTML"
        assert "&lt;script&gt;" in sent["text"] and "<script>" not in sent["text"]
        assert '<a href="https://a.example/quake">' in sent["text"]
        assert sent["link_preview_options"] == {"is_disabled": True}
        failed = next(d for d in alerts.deliveries(watch_id) if d.target == "-1")
        assert (failed.state, failed.last_error) == ("failed", "HTTP 400: Bad Request: chat not found")
    with open_store(str(tmp_path / "m.db")) as store:  # no bot set up: said so, once, not retried
        watch_id = _alert_on_quake(store, [Channel("telegram", "@newsroom_alerts")])
        deliver_due(AlertStore(store), Settings(telegram_api="http://127.0.0.1:9"))
        [none] = AlertStore(store).deliveries(watch_id)
        assert (none.state, none.last_error) == ("failed", "no Telegram bot: set telegram_bot_token")
    # a server that cannot be reached: the reason, without the token that is in the URL
    with open_store(str(tmp_path / "o.db")) as store:
        watch_id = _alert_on_quake(store, [Channel("telegram", "@newsroom_alerts")])
        deliver_due(AlertStore(store), Settings(telegram_bot_token=token, telegram_api="http://127.0.0.1:9",
                                                delivery_attempts=1))
        [down] = AlertStore(store).deliveries(watch_id)
        assert down.state == "failed" and token not in (down.last_error or "") and down.last_error


def test_telegram_option_checks_the_chat(tmp_path: Path) -> None:
    runner, db = CliRunner(), str(tmp_path / "n.db")
    made = runner.invoke(cli, ["watch", "add", "quake", "--db", db, "--telegram", "-1001234567890"])
    assert made.exit_code == 0 and json.loads(made.stdout)["channels"] == [
        {"type": "telegram", "target": "-1001234567890"}]
    bad = runner.invoke(cli, ["watch", "add", "quake", "--db", db, "--telegram", "https://t.me/x"])
    assert bad.exit_code == 1 and "wants a chat id (-1001234567890) or a public channel's @name" in bad.stderr


def test_a_watch_body_with_a_key_the_api_does_not_know_is_refused(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        refused = client.post("/api/watches", json={"query": "quake", "channels": {"webhook": "https://a.example/h"}})
        assert refused.status_code == 422 and refused.json()["error"] == "body.channels: Extra inputs are not permitted"
        assert AlertStore(store).watches() == []  # not a watch that sends nowhere
