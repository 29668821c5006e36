"""Watch management and alerts pages over the real alert store and alerter: create (with CSRF), test,
pause and resume, delete, a browser's push subscription, and an alert that says why it fired, live on open pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_alerts_support import Browser
from test_web_support import KYIV, article, ingest, seeded_store

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.store import AlertStore
from newsdesk.store import Store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app
from newsdesk.web.pages import install
from newsdesk.web.watches import live_alerts, watch_routes


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    found, _ = seeded_store(tmp_path / "watch.db")
    with found:
        yield found


def client_for(store: Store) -> tuple[TestClient, AlertStore]:
    alerts = AlertStore(store)
    app = FastAPI()
    install(app, store, live=live_alerts(alerts), extensions=[watch_routes(alerts)])
    return TestClient(app), alerts


def token(client: TestClient, path: str = "/watches") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found[1]


def test_create_test_and_delete_a_watch(store: Store) -> None:
    client, alerts = client_for(store)
    csrf = token(client)
    tested = client.post("/watches/test", data={"csrf": csrf, "query": 'place:Kyiv "military activity"'})
    assert tested.status_code == 200 and "Russia to reduce military activity near Kyiv" in tested.text
    made = client.post("/watches", data={"csrf": csrf, "query": 'place:Kyiv "military activity"', "webpush": "on",
                                         "webhook": "https://hooks.example/x", "max_per_hour": "5"})
    assert made.status_code == 200 and made.url.path == "/watches"
    [watch] = alerts.watches()
    assert {c.type for c in watch.channels} == {"webpush", "webhook"} and watch.options.max_per_hour == 5
    assert f'id="w-{watch.id}"' in made.text and f'data-watch="{watch.id}"' in made.text
    # said in words, with from when it fires (the reload alone told no one it worked)
    assert ('<p class="done" role="status">Watch made: <code>place:Kyiv &#34;military activity&#34;</code>. '
            "It fires on stories and developments that arrive from now on") in made.text
    assert "Watch made" not in client.get("/watches").text
    bad = client.post("/watches", data={"csrf": csrf, "query": 'place:Kyiv "unclosed'})
    assert bad.status_code == 400 and "unclosed" in bad.text and len(alerts.watches()) == 1
    assert client.post(f"/watches/{watch.id}/pause", data={"csrf": "x", "paused": "1"}).status_code == 403
    paused = client.post(f"/watches/{watch.id}/pause", data={"csrf": csrf, "paused": "1"})
    assert paused.status_code == 200 and alerts.watches()[0].options.paused and ">Resume</button>" in paused.text
    client.post(f"/watches/{watch.id}/pause", data={"csrf": csrf, "paused": "0"})
    assert not alerts.watches()[0].options.paused
    forged = client.post(f"/watches/{watch.id}/delete", data={"csrf": "not-the-token"})
    assert forged.status_code == 403 and len(alerts.watches()) == 1
    assert client.post(f"/watches/{watch.id}/delete", data={"csrf": csrf}).status_code == 200
    assert alerts.watches() == []


def test_push_subscription_needs_the_csrf_token(store: Store) -> None:
    client, alerts = client_for(store)
    csrf = token(client)
    client.post("/watches", data={"csrf": csrf, "query": "Kyiv", "webpush": "on"})
    [watch] = alerts.watches()
    sub = Browser("https://push.example/send/abc").subscription()
    assert client.post(f"/watches/{watch.id}/push", json=sub).status_code == 403
    assert client.post(f"/watches/{watch.id}/push", json={"x": 1}, headers={"X-CSRF-Token": csrf}).status_code == 400
    assert client.post(f"/watches/{watch.id}/push", json=sub, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert [p.endpoint for p in alerts.pushes(watch.id)] == [sub["endpoint"]]


@pytest.mark.parametrize(("keys", "reason"), [({"p256dh": "BPk", "auth": "xyz"}, "keys.p256dh"),
                                              ({"p256dh": "!!", "auth": "xyz"}, "keys.p256dh"),
                                              ({"auth": "xyz"}, "keys.auth")])
def test_a_push_subscription_with_keys_nothing_can_be_sent_to_is_refused(store: Store, keys: dict[str, str],
                                                                          reason: str) -> None:
    """Malformed keys were stored, and the watch's first alert to that browser was lost to them."""
    client, alerts = client_for(store)
    csrf = token(client)
    client.post("/watches", data={"csrf": csrf, "query": "Kyiv", "webpush": "on"})
    [watch] = alerts.watches()
    good = Browser("https://push.example/send/abc").subscription()
    sub = {"endpoint": good["endpoint"], "keys": {**good["keys"], **keys}}
    refused = client.post(f"/watches/{watch.id}/push", json=sub, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 400 and refused.json()["error"].startswith(reason), refused.text
    refused = TestClient(create_app(store)).post(f"/api/watches/{watch.id}/push", json=sub)  # the JSON API
    assert refused.status_code == 400 and reason in refused.json()["error"], refused.text
    assert alerts.pushes(watch.id) == []


def test_alerts_page_says_why_and_page_streams_get_new_alerts(store: Store) -> None:
    client, alerts = client_for(store)
    client.post("/watches", data={"csrf": token(client), "query": 'place:Kyiv "military activity"', "atom": "on"})
    fresh = live_alerts(alerts)(None)  # type: ignore[arg-type]  # an open page: nothing from before it
    assert fresh() == []
    alerter = Alerter(store, alerts)
    alerter.step()  # the running service has matched everything so far
    text = ("Ukraine said on Thursday that Russian military activity near Kyiv had not stopped. Missiles struck "
            "a fuel depot outside Kyiv overnight, officials said.")
    ingest(store, StoryDesk(store), article("https://fourth.example/k", "Fourth Wire", "2022-03-31T08:00:00+00:00",
                                            "Ukraine says Russian military activity near Kyiv goes on", text,
                                            places={"Kyiv": KYIV}, events=(("ASSAULT", "Russia", "Ukraine", "Kyiv",
                                                                            "military activity near Kyiv"),)))
    assert alerter.step().alerts == 1
    [alert] = alerts.alerts()
    page = client.get("/alerts")
    assert f'href="/stories/{alert.story.id}"' in page.text
    assert "military activity" in page.text and "Why: rule" in page.text
    [message] = fresh()
    assert message.event == "alert" and message.data["url"] == f"/stories/{alert.story.id}"
    assert fresh() == []


def test_a_refused_form_keeps_every_field(store: Store) -> None:
    """The digest chosen went back to "none" when the form came back with an error."""
    client, alerts = client_for(store)
    page = client.post("/watches", data={"csrf": token(client), "query": "Kyiv", "atom": "on", "digest": "daily",
                                         "max_per_hour": "lots", "quiet": "22:00-07:00"})
    assert "wants a whole number" in page.text and alerts.watches() == []
    assert '<option value="daily" selected>daily</option>' in page.text
    assert '<option value="" selected>' not in page.text and 'value="22:00-07:00"' in page.text
    fresh = client.get("/watches").text
    assert '<option value="" selected>none</option>' in fresh and "daily\" selected" not in fresh


def test_the_alerts_of_an_unknown_watch_are_a_404(store: Store) -> None:
    """It said "No alerts yet", read as a watch that has not fired."""
    client, alerts = client_for(store)
    watch = alerts.add_watch("Kyiv", [])
    assert "No alerts yet" in client.get(f"/alerts?watch={watch.id}").text
    assert client.get("/alerts?watch=").status_code == 200
    page = client.get("/alerts?watch=wnosuchwatch")
    assert page.status_code == 404 and "No watch with id wnosuchwatch." in page.text
    assert "No alerts yet" not in page.text


@pytest.mark.parametrize(("field", "value", "says"), [
    ("quiet", "10pm-7am", "Quiet hours wants hours like 22:00-07:00, got '10pm-7am'"),
    ("timezone", "Mars/Olympus", "Time zone: unknown time zone 'Mars/Olympus'"),
    ("digest", "weekly", "Digest wants one of hourly, daily, got 'weekly'"),
    ("max_per_hour", "0", "At most … alerts an hour wants a number of alerts above 0"),
    ("webhook", "ftp://hooks.example/x", "Webhook URL 'ftp://hooks.example/x': wants an http:// or https:// URL"),
])
def test_the_form_refuses_flood_control_the_alerter_cannot_use(store: Store, field: str, value: str,
                                                               says: str) -> None:
    """The form stored quiet hours of "10pm-7am" (the API refused them): the next article the watch
    matched stopped the alerter, and with it `newsdesk run`, at every start after."""
    client, alerts = client_for(store)
    page = client.post("/watches", data={"csrf": token(client), "query": "Kyiv", "webpush": "on", field: value})
    assert page.status_code == 400 and alerts.watches() == []
    assert ("<details open>" in page.text) == (field != "webhook")  # the field refused, in sight
    assert says in page.text.replace("&#39;", "'") and "--" not in page.text.split('role="alert">')[1][:80]


def test_the_alerts_page_names_watches_by_rule_and_says_when_nothing_is_sent(store: Store) -> None:
    """Each alert said "watch w22b99d9ea63d · queued" and "No deliveries yet." for a watch whose only
    channel was this browser: an id nobody knows, and a wait for a delivery that never comes."""
    client, alerts = client_for(store)
    client.post("/watches", data={"csrf": token(client), "query": 'place:Kyiv "military activity"', "webpush": "on"})
    alerter = Alerter(store, alerts)
    alerter.step()
    text = "Ukraine said on Thursday that Russian military activity near Kyiv had not stopped."
    ingest(store, StoryDesk(store), article("https://fourth.example/k", "Fourth Wire", "2022-03-31T08:00:00+00:00",
                                            "Russian military activity near Kyiv goes on", text,
                                            places={"Kyiv": KYIV}, events=(("ASSAULT", "Russia", "Ukraine", "Kyiv",
                                                                            "military activity near Kyiv"),)))
    assert alerter.step().alerts == 1
    [watch] = alerts.watches()
    for page in (client.get("/alerts").text, client.get(f"/alerts?watch={watch.id}").text):
        assert f'<a href="/alerts?watch={watch.id}">place:Kyiv &#34;military activity&#34;</a>' in page
        assert "queued" not in page and "No deliveries yet" not in page
        assert "Nothing to send: it showed on the pages open then; for notifications with no page open" in page
        # the article that matched, by its title and outlet ("From <title>" when it had no outlet)
        assert re.search(r'Article: <a href="/articles/\w+" dir="auto">Russian military activity near Kyiv goes on</a> '
                         r"\(Fourth Wire\)", page)
    assert "Alerts of the watch <code>place:Kyiv &#34;military activity&#34;</code>" in client.get(
        f"/alerts?watch={watch.id}").text


def test_the_watch_list_names_channels_as_the_form_does(store: Store) -> None:
    """The form offers "Browser notifications"; the list then said "webpush" and hid where webhooks go."""
    client, _ = client_for(store)
    page = client.post("/watches", data={"csrf": token(client), "query": "Kyiv", "webpush": "on", "atom": "on",
                                         "webhook": "https://hooks.example/x"})
    assert '<p class="meta">webhook → https://hooks.example/x, Atom feed, browser notifications</p>' in page.text


def test_pausing_or_deleting_a_watch_deleted_meanwhile_says_so(store: Store) -> None:
    """Both redirected to the list as if they had worked."""
    client, _ = client_for(store)
    csrf = token(client)
    for action, data in (("pause", {"paused": "1"}), ("delete", {})):
        page = client.post(f"/watches/wnosuchwatch/{action}", data={"csrf": csrf, **data}, follow_redirects=False)
        assert page.status_code == 404 and "No watch with id wnosuchwatch: it was deleted" in page.text


def test_a_watch_is_edited_on_its_page(store: Store) -> None:
    client, alerts = client_for(store)
    csrf = token(client)
    client.post("/watches", data={"csrf": csrf, "query": "Kyiv", "atom": "on", "quiet": "22:00-07:00"})
    [watch] = alerts.watches()
    page = client.get("/watches", params={"edit": watch.id})
    assert page.status_code == 200 and f'action="/watches/{watch.id}/edit"' in page.text
    assert 'value="Kyiv"' in page.text and 'value="22:00-07:00"' in page.text and "Save watch" in page.text
    refused = client.post(f"/watches/{watch.id}/edit", data={"csrf": csrf, "query": "Kyiv AND", "atom": "on"})
    assert refused.status_code == 400 and f'action="/watches/{watch.id}/edit"' in refused.text  # still editing it
    saved = client.post(f"/watches/{watch.id}/edit", data={"csrf": csrf, "query": 'place:Kyiv "military activity"',
                                                         "webhook": "https://hooks.example/in"}, follow_redirects=True)
    assert saved.status_code == 200 and "Watch saved" in saved.text
    [now] = alerts.watches()
    assert (now.id, now.secret) == (watch.id, watch.secret)
    assert now.query == 'place:Kyiv "military activity"' and [c.type for c in now.channels] == ["webhook"]
    assert now.options.quiet is None
    assert client.get("/watches", params={"edit": "wdeadbeef0000"}).status_code == 404
