"""The public_url setting (#7): alerts link to the story's page in newsdesk, through a real
webhook receiver and a real SMTP server on loopback; without it they carry the article only."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_alerts_channels import LOOPBACK, _alert_on_quake
from test_alerts_email import picky_server
from test_alerts_support import deliver_due, receiver, signed_json

from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.errors import ConfigError
from newsdesk.settings import Settings
from newsdesk.store import open_store

SITE = "https://news.example.org/desk/"


def test_webhook_and_email_link_to_the_story_page(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook, picky_server() as (port, inbox):
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url + "/in"), Channel("email", "desk@example.org")])
        alerts = AlertStore(store)
        settings = Settings(allowed_networks=LOOPBACK, smtp_host="127.0.0.1", smtp_port=port, public_url=SITE)
        assert deliver_due(alerts, settings) == 2
        story = store.story_of(alerts.alerts(watch_id)[0].article.id)
        page = f"https://news.example.org/desk/stories/{story}"
        [got] = hook.got
        body = signed_json(got, alerts.watch(watch_id).secret)  # type: ignore[union-attr]
        assert body["story"]["url"] == page
        [mail] = inbox
        plain = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert f"Story: {page}" in plain and f'href="{page}"' in html


def test_without_it_alerts_carry_the_article_only(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url + "/in")])
        alerts = AlertStore(store)
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        body = signed_json(hook.got[0], alerts.watch(watch_id).secret)  # type: ignore[union-attr]
        assert "url" not in body["story"]


@pytest.mark.parametrize("bad", ["news.example.org", "ftp://news.example.org", "https://", "https://a b"])
def test_a_public_url_that_is_no_address_is_refused(bad: str) -> None:
    with pytest.raises(ConfigError, match="public_url"):
        Settings.load({"NEWSDESK_PUBLIC_URL": bad})
