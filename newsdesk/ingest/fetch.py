"""Fetch one URL safely: http(s) only, no private addresses, bounded size, time and redirects.

Private, loopback and link-local addresses are refused unless they lie in ``allowed_networks``:
the host is resolved before each request (every redirect included) and the address the
connection actually reached is checked again before the body is read (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError
from ..settings import Settings
from ..types import Fetched
from .decode import decode


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://", "ftp://", "file://", "data:", "javascript:"))


def fetch_url(url: str, settings: Settings) -> Fetched:
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    current = url
    try:
        with httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False, headers=headers) as client:
            for _ in range(settings.max_redirects + 1):
                _check_url(current, settings, url)
                with client.stream("GET", current) as response:
                    _check_peer(response, settings, url)
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code}", input=url)
                    body = _read_body(response, settings.max_input_bytes, url)
                    charset = response.charset_encoding
                    text, encoding = decode(body, url, charset)
                    media_type = response.headers.get("content-type", "").split(";")[0].strip() or None
                    return Fetched(input=url, content=text, url=str(response.url), media_type=media_type,
                                   encoding=encoding)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {settings.fetch_timeout:g} s", input=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed ({type(exc).__name__}: {exc})", input=url) from None
    raise FetchError(f"more than {settings.max_redirects} redirects", input=url)


def _read_body(response: httpx.Response, limit: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"larger than {limit} bytes", input=url)
    body = bytearray()
    for chunk in response.iter_bytes():  # inflated by httpx; the cap applies to what it yields
        body += chunk
        if len(body) > limit:
            raise FetchError(f"larger than {limit} bytes", input=url)
    return bytes(body)


def _check_url(url: str, settings: Settings, original: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'this'}", input=original)
    if not parts.hostname:
        raise FetchError("URL has no host", input=original)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {parts.hostname} ({exc.strerror})", input=original) from None
    for info in infos:
        address = str(info[4][0])
        if _refused(address, settings):
            raise FetchError(f"refused: {parts.hostname} resolves to a private address ({address})", input=original)


def _check_peer(response: httpx.Response, settings: Settings, original: str) -> None:
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and _refused(str(peer[0]), settings):
        raise FetchError(f"refused: connected to a private address ({peer[0]})", input=original)


def _refused(address: str, settings: Settings) -> bool:
    """True for a private, loopback, link-local or multicast address outside ``allowed_networks``."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return False
    return not any(ip.version == net.version and ip in net for net in settings.networks())
