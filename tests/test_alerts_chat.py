"""Slack and Discord incoming webhooks against a real receiver on loopback: each gets its own
message shape, article text pings no one and is no markup, and the options reach the CLI, API and page."""

from __future__ import annotations

import json
from pathlib import Path

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
