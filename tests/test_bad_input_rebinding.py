"""DNS rebinding: a name that resolves to a public address when it is checked and to a private one
when the client connects. Nothing of the request may reach the private address, whether it is an
alert delivery (webhook, ntfy) or a page fetch.

The receivers are real loopback servers; only the name's answers are staged, by a resolver that
answers as a rebinding DNS server does (no such server can be pointed at from here without root).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_alerts_channels import _alert_on_quake
from test_alerts_support import deliver_due, receiver
from test_monitor_support import Page, Site, serve

from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.errors import FetchError
from newsdesk.ingest.http import Fetcher
from newsdesk.settings import Settings
from newsdesk.store import open_store

NAME = "rebind.test"
PUBLIC = "93.184.215.14"  # a global address: the check passes


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``NAME`` resolves to ``PUBLIC`` the first time, to 127.0.0.1 every time after; other names as ever.
    Yields the answers given, in order."""
    real = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != NAME:
            return real(host, port, *args, **kwargs)
        address = PUBLIC if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield answers


def _rebound(url: str) -> str:
    return url.replace("127.0.0.1", NAME)


@pytest.mark.parametrize("channel", ["webhook", "ntfy"])
def test_a_delivery_to_a_name_rebound_to_a_private_address_sends_nothing(
        tmp_path: Path, rebinding: list[str], channel: str) -> None:
    with open_store(str(tmp_path / "n.db")) as store, receiver() as hook:
        target = _rebound(hook.url) + ("/in" if channel == "webhook" else "/desk-alerts")
        watch_id = _alert_on_quake(store, [Channel(channel, target)])
        alerts = AlertStore(store)
        assert deliver_due(alerts, Settings()) == 1
        assert rebinding == [PUBLIC, "127.0.0.1"]  # checked on the public answer, connected on the private one
        assert hook.got == []  # the body never left
        [failed] = alerts.deliveries(watch_id)
        assert (failed.state, failed.attempts) == ("failed", 1)  # no retry can help
        assert failed.last_error == "refused: connected to a private address (127.0.0.1)"


def test_a_fetch_of_a_name_rebound_to_a_private_address_sends_no_request(rebinding: list[str]) -> None:
    with serve(Site({"/page": Page("<p>private</p>")})) as site, Fetcher(Settings(host_delay=0.0)) as fetcher:
        url = _rebound(site.url) + "/page"
        with pytest.raises(FetchError) as info:
            fetcher.get(url)
        assert str(info.value) == f"{url}: refused: connected to a private address (127.0.0.1)"
        assert site.requests == []  # refused on connecting, not once the answer came back


def test_a_topic_goes_to_the_operators_own_ntfy_server_on_any_address(tmp_path: Path) -> None:
    """``ntfy_server`` is the operator's setting, not a watch's: a server on their own network is not refused."""
    with open_store(str(tmp_path / "n.db")) as store, receiver() as ntfy:
        watch_id = _alert_on_quake(store, [Channel("ntfy", "desk-alerts")])
        alerts = AlertStore(store)
        assert deliver_due(alerts, Settings(ntfy_server=ntfy.url)) == 1  # loopback, not in allowed_networks
        assert [d.state for d in alerts.deliveries(watch_id)] == ["sent"] and len(ntfy.got) == 1


def test_a_delivery_through_the_operators_proxy_is_not_refused_for_the_proxys_address(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through HTTP_PROXY the connection is to the proxy (often on a private address), which resolves
    the receiver's name itself: the check of the connected address is for direct connections."""
    with open_store(str(tmp_path / "n.db")) as store, receiver() as proxy:
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        watch_id = _alert_on_quake(store, [Channel("webhook", f"http://{PUBLIC}/in")])
        alerts = AlertStore(store)
        assert deliver_due(alerts, Settings()) == 1
        assert [d.state for d in alerts.deliveries(watch_id)] == ["sent"]
        [got] = proxy.got
        assert got.path == f"http://{PUBLIC}/in"  # the proxy was asked for the receiver
