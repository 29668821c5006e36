"""Channels against real receivers on loopback: signed webhooks with retries, SMTP (aiosmtpd), ntfy,
Web Push (decrypted, VAPID checked), Atom; the outbox keeps what it has not sent across a restart."""

from __future__ import annotations

import dataclasses
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_alerts_engine import quake
from test_alerts_support import Browser, deliver_due, receiver, signed_json, smtp_server, wait_for

from newsdesk.alerts import atom
from newsdesk.alerts.channels.webpush import public_key
from newsdesk.alerts.deliver import Deliverer, vapid_key
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel, PushSubscription
from newsdesk.alerts.store import AlertStore
from newsdesk.errors import InputError
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk

LOOPBACK = "127.0.0.0/8"  # the receivers here run on this machine: an address deliveries are refused by default
HOSTILE = 'Quake <script>alert("x")</script> & <b>more</b>'


def _alert_on_quake(store: Store, channels: list[Channel], title: str | None = None) -> str:
    alerts = AlertStore(store)
    alerts.cursor()
    watch = alerts.add_watch("place:Ridgecrest earthquake", channels)
    article = quake() if title is None else dataclasses.replace(quake(), title=title)
    put = store.put(article)
    stored = store.get(put.id)
    assert stored is not None
    StoryDesk(store).add(stored)
    assert Alerter(store, alerts).step().alerts == 1
    return watch.id


def test_a_receiver_on_this_machine_is_refused_unless_its_network_is_allowed(tmp_path: Path) -> None:
    # a watch must not make the service post into its own network (as fetching a URL must not)
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url + "/in")])
        alerts = AlertStore(store)
        assert deliver_due(alerts, Settings()) == 1
        [failed] = alerts.deliveries(watch_id)
        assert failed.state == "failed" and failed.attempts == 1  # no retry can help
        assert failed.last_error == ("refused: 127.0.0.1 resolves to a private address (127.0.0.1); "
                                     "allow it with NEWSDESK_ALLOWED_NETWORKS=127.0.0.0/8")
        assert hook.got == []


def test_webhook_is_signed_and_retried_with_backoff(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        hook.fail = [503]
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url + "/in")])
        alerts = AlertStore(store)
        secret = alerts.watch(watch_id).secret  # type: ignore[union-attr]
        deliverer = Deliverer(alerts, Settings(allowed_networks=LOOPBACK))
        try:
            assert deliverer.run_due(wait=True) == 1
            [pending] = alerts.deliveries(watch_id)
            assert (pending.state, pending.attempts, pending.last_error) == ("pending", 1, "HTTP 503")
            assert deliverer.run_due(wait=True) == 0  # not due before its backoff
            time.sleep(1.2)
            assert deliverer.run_due(wait=True) == 1
        finally:
            deliverer.close()
        [got] = hook.got
        body = signed_json(got, secret)
        assert set(body) >= {"watch", "story", "article", "reason"}
        assert body["watch"] == watch_id and body["article"]["title"] == "Earthquake shakes Ridgecrest"
        assert body["reason"]["rule"] == "place:Ridgecrest earthquake" and "earthquake" in body["reason"]["sentence"]
        assert got.headers["x-newsdesk-delivery"] == pending.id
        [sent] = alerts.deliveries(watch_id)
        assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_a_4xx_fails_for_good_and_is_recorded(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        hook.fail = [404]
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url)])
        alerts = AlertStore(store)
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        [failed] = alerts.deliveries(watch_id)
        assert (failed.state, failed.last_error) == ("failed", "HTTP 404")


def test_outbox_survives_a_restart_and_sends_once(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with receiver() as hook:
        with open_store(db) as store:
            hook.fail = [500]
            watch_id = _alert_on_quake(store, [Channel("webhook", hook.url)])
            first = Deliverer(AlertStore(store), Settings(allowed_networks=LOOPBACK))
            first.run_due(wait=True)  # fails: the delivery stays pending
            first.close()
        time.sleep(1.2)
        for _ in range(2):  # two restarts: the second finds nothing to send
            with open_store(db) as store:
                again = Deliverer(AlertStore(store), Settings(allowed_networks=LOOPBACK))
                again.run_due(wait=True)
                again.close()
        assert len(hook.got) == 1
        with open_store(db) as store:
            assert [d.state for d in AlertStore(store).deliveries(watch_id)] == ["sent"]


def test_email_over_smtp_escapes_article_text(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, smtp_server() as (port, inbox):
        watch_id = _alert_on_quake(store, [Channel("email", "desk@example.org")], title=HOSTILE)
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, allowed_networks=LOOPBACK)
        deliver_due(AlertStore(store), settings)
        [msg] = wait_for(lambda: list(inbox))
        assert msg["To"] == "desk@example.org"
        parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in msg.walk()
                 if not p.is_multipart()}
        assert "Rule: place:Ridgecrest earthquake" in parts["text/plain"] and HOSTILE in parts["text/plain"]
        assert "<script>" not in parts["text/html"] and "&lt;script&gt;" in parts["text/html"]
        assert [d.state for d in AlertStore(store).deliveries(watch_id)] == ["sent"]


def test_ntfy_topic_gets_the_alert(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as ntfy:
        _alert_on_quake(store, [Channel("ntfy", "desk-alerts")])
        deliver_due(AlertStore(store), Settings(ntfy_server=ntfy.url, allowed_networks=LOOPBACK))
        [got] = ntfy.got
        data = json.loads(got.body)
        assert data["topic"] == "desk-alerts" and "Ridgecrest" in data["title"] and "earthquake" in data["message"]
        assert data["click"] == "https://a.example/quake"


def test_web_push_is_encrypted_for_the_browser_and_signed_with_vapid(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as push:
        alerts = AlertStore(store)
        browser = Browser(push.url + "/push/abc")
        sub = browser.subscription()
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webpush")])
        alerts.add_push(PushSubscription(watch.id, sub["endpoint"], sub["keys"]["p256dh"], sub["keys"]["auth"]))
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        Alerter(store, alerts).step()
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        [got] = push.got
        data = browser.open(got, public_key(vapid_key(alerts)))
        assert data["watch"] == watch.id and data["link"] == "https://a.example/quake"
        assert "Ridgecrest" in data["title"] and "earthquake" in data["body"]
        assert vapid_key(alerts) == vapid_key(alerts)  # made once, then kept


def test_atom_feed_escapes_and_parses(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        watch_id = _alert_on_quake(store, [Channel("atom")], title=HOSTILE + "\x01")
        alerts = AlertStore(store)
        watch = alerts.watch(watch_id)
        assert watch is not None
        doc = atom.feed(watch, alerts.alerts(watch_id), "http://127.0.0.1/feed")
        root = ET.fromstring(doc)
        ns = {"a": atom.NS}
        [entry] = root.findall("a:entry", ns)
        assert entry.findtext("a:title", namespaces=ns) == HOSTILE
        assert entry.find("a:title/script", ns) is None and b"<script>" not in doc
        assert "Rule: place:Ridgecrest earthquake" in (entry.findtext("a:content", namespaces=ns) or "")


def test_two_services_on_one_database_send_a_delivery_once(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with receiver() as hook, open_store(db) as one, open_store(db) as two:
        _alert_on_quake(one, [Channel("webhook", hook.url)])
        settings = Settings(allowed_networks=LOOPBACK)
        first, second = Deliverer(AlertStore(one), settings), Deliverer(AlertStore(two), settings)
        try:
            assert first.run_due() + second.run_due() == 1  # the second finds it taken
            first.run_due(wait=True)
        finally:
            first.close()
            second.close()
        assert len(hook.got) == 1


def test_a_redirect_is_not_followed_and_says_where_it_points(tmp_path: Path) -> None:
    """It said only "HTTP 302"; the operator could not tell that the hook had moved, nor where."""
    import http.server
    import threading

    with receiver() as moved_to:
        target = moved_to.url + "/private"

        class Moved(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Moved)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with open_store(str(tmp_path / "n.db")) as store:
                url = f"http://127.0.0.1:{server.server_address[1]}/hook"
                watch_id = _alert_on_quake(store, [Channel("webhook", url)])
                alerts = AlertStore(store)
                deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
                [failed] = alerts.deliveries(watch_id)
        finally:
            server.shutdown()
            server.server_close()
        assert (failed.state, failed.attempts) == ("failed", 1)
        assert failed.last_error == f"HTTP 302: redirected to {target} (not followed: give that URL)"
        assert moved_to.got == []


def test_a_receiver_that_hangs_does_not_hold_up_the_others(tmp_path: Path) -> None:
    """Twelve alerts to a receiver that never answers took every sender until the timeout, and an alert
    for a working receiver, taken after them, waited behind them."""
    import http.server
    import threading

    from test_alerts_engine import flood

    class Hangs(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            time.sleep(4)

        def log_message(self, *args: object) -> None:
            pass

    stuck = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hangs)
    stuck.daemon_threads = True
    threading.Thread(target=stuck.serve_forever, daemon=True).start()
    try:
        with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
            alerts = AlertStore(store)
            alerts.cursor()
            hung = [alerts.add_watch("earthquake", [Channel("webhook", f"http://127.0.0.1:{stuck.server_address[1]}/{n}")])
                    for n in range(12)]
            desk = StoryDesk(store)
            desk.add(store.get(store.put(quake()).id))  # type: ignore[arg-type]
            assert Alerter(store, alerts).step().deliveries == 12
            ok = alerts.add_watch("Passau", [Channel("webhook", hook.url + "/ok")])
            desk.add(store.get(store.put(flood()).id))  # type: ignore[arg-type]
            assert Alerter(store, alerts).step().deliveries == 1  # taken last: its row comes after theirs
            deliverer = Deliverer(alerts, Settings(allowed_networks=LOOPBACK, delivery_timeout=2.0))
            try:
                begin = time.monotonic()
                assert deliverer.run_due() == 13
                assert hook.wait(1, timeout=5.0) and time.monotonic() - begin < 1.0
            finally:
                deliverer.close()
            [sent] = alerts.deliveries(ok.id)
            assert sent.state == "sent"
            states = {d.state for w in hung for d in alerts.deliveries(w.id)}
            assert states == {"pending"}  # the hung ones wait for their next try (or are still taken)
    finally:
        stuck.shutdown()
        stuck.server_close()


def test_alerts_waiting_for_a_receiver_that_timed_out_are_not_each_tried_into_the_timeout(tmp_path: Path) -> None:
    """Twelve alerts to a receiver that never answers: each waited out the timeout in turn (`run --once`
    took three rounds of it); once one times out, those waiting for the same receiver are tried with it later."""
    import http.server
    import threading

    class Hangs(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            time.sleep(4)

        def log_message(self, *args: object) -> None:
            pass

    stuck = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hangs)
    stuck.daemon_threads = True
    threading.Thread(target=stuck.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{stuck.server_address[1]}"
    try:
        with open_store(str(tmp_path / "n.db")) as store:
            alerts = AlertStore(store)
            alerts.cursor()
            hung = [alerts.add_watch("earthquake", [Channel("webhook", f"http://{host}/{n}")]) for n in range(12)]
            StoryDesk(store).add(store.get(store.put(quake()).id))  # type: ignore[arg-type]
            assert Alerter(store, alerts).step().deliveries == 12
            deliverer = Deliverer(alerts, Settings(allowed_networks=LOOPBACK, delivery_timeout=1.0))
            try:
                begin = time.monotonic()
                assert deliverer.run_due(wait=True) == 12
                took = time.monotonic() - begin
            finally:
                deliverer.close()
            found = [d for w in hung for d in alerts.deliveries(w.id)]
    finally:
        stuck.shutdown()
        stuck.server_close()
    assert took < 1.8, took  # one timeout, not one per 4 in flight
    assert {d.state for d in found} == {"pending"}
    tried = [d for d in found if d.attempts == 1]
    said = f"timed out: {host} gave no answer in time (see delivery_timeout)"
    assert len(tried) == 4 and {d.last_error for d in tried} == {said}
    assert {d.last_error for d in found if d.attempts == 0} == {f"not tried: {host} failed just before ({said})"}


def test_deliveries_not_started_when_the_service_stops_are_sent_at_once_after_a_restart(tmp_path: Path) -> None:
    """Six alerts for one slow receiver, the service stopped while four are in flight: the two waiting
    their turn stayed taken for five minutes, so the restarted service sent them that late."""
    import http.server
    import threading

    got: list[str] = []

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(0.5)
            got.append(self.headers["X-Newsdesk-Delivery"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    slow = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    slow.daemon_threads = True
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    try:
        db = str(tmp_path / "n.db")
        with open_store(db) as store:
            alerts = AlertStore(store)
            alerts.cursor()
            for n in range(6):
                alerts.add_watch("earthquake", [Channel("webhook", f"http://127.0.0.1:{slow.server_address[1]}/{n}")])
            StoryDesk(store).add(store.get(store.put(quake()).id))  # type: ignore[arg-type]
            assert Alerter(store, alerts).step().deliveries == 6
            first = Deliverer(alerts, Settings(allowed_networks=LOOPBACK))
            assert first.run_due() == 6
            first.close()  # stops: the four in flight finish
            assert len(got) == 4
        with open_store(db) as store:  # the restart
            again = Deliverer(AlertStore(store), Settings(allowed_networks=LOOPBACK))
            try:
                assert again.run_due(wait=True) == 2
            finally:
                again.close()
            assert {d.state for d in AlertStore(store).deliveries()} == {"sent"}
        assert len(got) == len(set(got)) == 6
    finally:
        slow.shutdown()
        slow.server_close()


def test_an_ntfy_server_under_a_path_takes_the_topic(tmp_path: Path) -> None:
    """An ntfy server behind a reverse proxy at /ntfy: its topic URL was refused when the watch was added."""
    with open_store(str(tmp_path / "n.db")) as store, receiver() as ntfy:
        _alert_on_quake(store, [Channel("ntfy", ntfy.url + "/ntfy/desk-alerts")])
        deliver_due(AlertStore(store), Settings(allowed_networks=LOOPBACK))
        [got] = ntfy.got
        assert got.path == "/ntfy/" and json.loads(got.body)["topic"] == "desk-alerts"
        for bad in (ntfy.url + "/ntfy/", ntfy.url + "/ntfy/a b", ntfy.url + "//desk"):
            with pytest.raises(InputError):
                AlertStore(store).add_watch("quake", [Channel("ntfy", bad)])
