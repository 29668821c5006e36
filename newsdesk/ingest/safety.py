"""Where newsdesk may connect: http(s) URLs on public addresses, or on networks explicitly allowed.

Private, loopback and link-local addresses are refused unless they lie in ``allowed_networks``:
the host is resolved before each request (every redirect included) and the address each new
connection actually reached is checked again as soon as it connects, before TLS and before a byte
of the request is sent (DNS rebinding: the name may resolve anew, elsewhere, for the connect).
Page fetches and alert deliveries share that check: both use :func:`safe_client`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError
from ..settings import Settings
from .deadline import deadline_transport

_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@]*:)[^\s/?#@]*@")


def without_password(text: str) -> str:
    """``text`` with the password of every URL in it hidden (``https://user:…@host/``): a feed's
    login went into the monitor's log, the source's last error and every message naming the URL."""
    return _PASSWORD.sub("\\1…@", text) if "@" in text else text


def check_url(url: str, settings: Settings, original: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a refused address."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # "http://[::1": an unclosed IPv6 address
        raise FetchError(f"not a valid URL ({exc})", input=original) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'this'}", input=original)
    if not host:
        raise FetchError("URL has no host", input=original)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("URL has a bad port", input=original) from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise FetchError(f"cannot resolve {parts.hostname} ({reason})", input=original) from None
    for info in infos:
        address = str(info[4][0])
        if refused(address, settings):
            raise FetchError(f"refused: {parts.hostname} resolves to a private address ({address}); "
                             f"allow it with NEWSDESK_ALLOWED_NETWORKS={allowing(address)}", input=original)


def safe_client(settings: Settings, timeout: float, *, limits: httpx.Limits | None = None,
                transport: httpx.BaseTransport | None = None, **options: Any) -> httpx.Client:
    """An httpx client (``options`` as httpx takes them) whose every new connection is checked by
    :func:`check_connected` before the request goes out on it, and whose every answer must arrive
    whole within ``timeout`` seconds (:mod:`.deadline`), not merely each read of it."""

    def add_guard(request: httpx.Request) -> None:
        request.extensions["trace"] = check_connected(settings, request.url.raw_host.decode("ascii"))

    limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
    if transport is not None:
        return httpx.Client(event_hooks={"request": [add_guard]}, timeout=timeout, transport=transport, **options)
    # a mount, not transport=: that would turn off the operator's proxy (HTTP_PROXY), whose mounts win
    return httpx.Client(event_hooks={"request": [add_guard]}, timeout=timeout, limits=limits,
                        mounts={"all://": deadline_transport(timeout, limits)}, **options)


def check_connected(settings: Settings, host: str) -> Callable[[str, dict[str, Any]], None]:
    """An httpcore ``trace`` hook refusing a connection to ``host`` that reached a refused address: it
    runs when the TCP connect completes, so nothing of the request (a webhook's body) has been sent
    yet. A connection to another host is the operator's proxy (HTTP_PROXY): it resolves the name
    itself, out of reach. The FetchError it raises names no input (the caller names it)."""
    direct = True

    def trace(event: str, info: dict[str, Any]) -> None:
        nonlocal direct
        if event.endswith("connect_tcp.started"):
            direct = str(info.get("host", "")).strip("[]").lower() == host.strip("[]").lower()
        if not event.endswith("connect_tcp.complete") or not direct:
            return
        stream = info.get("return_value")
        if stream is None:
            return
        peer = stream.get_extra_info("server_addr")
        if peer and refused(str(peer[0]), settings):
            stream.close()
            raise FetchError(f"refused: connected to a private address ({peer[0]})")

    return trace


def allowing(address: str) -> str:
    """The network to name in NEWSDESK_ALLOWED_NETWORKS to allow ``address``: IPv4's loopback block for
    a loopback address (what the tests and local sites use), else the address alone."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:  # refused as the IPv4 address it is
        ip = ip.ipv4_mapped
    return str(_LOOPBACK) if ip in _LOOPBACK else ip.compressed


def refused(address: str, settings: Settings) -> bool:
    """True for a private, loopback, link-local or multicast address outside ``allowed_networks``;
    an IPv6 address that carries an IPv4 one (6to4, NAT64, IPv4-compatible) is refused with it."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # the very IPv4 address, as the socket layer reaches it
            return _refused(ip.ipv4_mapped, settings)
        inner = _carried_ipv4(ip)
        if inner is not None and _refused(inner, settings):
            return True
    return _refused(ip, settings)


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, settings: Settings) -> bool:
    if ip.is_global and not ip.is_multicast and not any(ip in net for net in _NOT_GLOBAL[ip.version]):
        return False
    return not any(ip.version == net.version and ip in net for net in settings.networks())


# Not globally reachable by the IANA special-purpose registries, yet global to the Python of some installs
# (3.11 before 3.11.10): a local-use NAT64 prefix reaches the IPv4 network behind the translator
# (64:ff9b:1::a9fe:a9fe, the cloud metadata address), as the well-known one does; an IPv4-translated
# address (::ffff:0:a.b.c.d) likewise through SIIT; site-local, SRv6 and the IETF's own IPv4 block
_NOT_GLOBAL: dict[int, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]] = {
    4: tuple(ipaddress.IPv4Network(n) for n in ("192.0.0.0/24", "192.88.99.0/24")),
    6: tuple(ipaddress.IPv6Network(n) for n in ("64:ff9b:1::/48", "::ffff:0:0:0/96", "fec0::/10", "5f00::/16")),
}
_LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


def _carried_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address that 6to4 (2002::/16), NAT64 (64:ff9b::/96) or an IPv4-compatible address
    (::a.b.c.d) routes to: Python calls those IPv6 addresses global, whatever they carry."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):  # not :: or ::1
        return ipaddress.IPv4Address(ip.packed[12:])
    return None
