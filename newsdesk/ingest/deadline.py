"""An answer bounded in time as a whole, not per read: connections whose reads share one deadline.

httpx bounds each read of a socket by its timeout, so a server dripping its status line and headers
a byte at a time, each byte inside the timeout, held a fetch (a monitor worker, an alert sender) for
days: nothing past the headers checks a clock until the body is read. Here every read of an answer
shares one deadline, ``total`` seconds after the last bytes of the request went out; past it the read
times out as a slow one does (httpx's ReadTimeout).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
import typing

import httpcore
import httpx


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, total: float) -> None:
        self._inner = inner
        self._total = total
        self._sent = time.monotonic()  # no request yet: the TLS handshake and such share the bound too

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = self._sent + self._total - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout(f"no whole answer within {self._total:g} s")
        return self._inner.read(max_bytes, left if timeout is None else min(timeout, left))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)
        self._sent = time.monotonic()

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        """The TLS handshake, bounded as a whole too: its reads share one socket timeout, each of them, so
        a server dripping its certificate held the connect as long as it liked. At the deadline the
        socket is shut, which ends the handshake's read at once."""
        left = self._sent + self._total - time.monotonic()
        sock = self._inner.get_extra_info("socket")
        cut = threading.Timer(max(left, 0.0), _shut, args=(sock,)) if isinstance(sock, socket.socket) else None
        if cut is not None:
            cut.daemon = True
            cut.start()
        try:
            return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._total)
        except httpcore.ConnectError:
            if cut is not None and cut.finished.is_set() and time.monotonic() >= self._sent + self._total:
                raise httpcore.ConnectTimeout(f"no TLS handshake within {self._total:g} s") from None
            raise
        finally:
            if cut is not None:
                cut.cancel()

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, total: float) -> None:
        self._inner = httpcore.SyncBackend()
        self._total = total

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options), self._total)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options), self._total)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def deadline_transport(total: float, limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport (no proxy: the operator's proxy, set in the environment, mounts its own)
    whose every answer must arrive whole within ``total`` seconds of its request."""
    transport = httpx.HTTPTransport(limits=limits)
    transport._pool = httpcore.ConnectionPool(  # httpx takes no network backend of its own
        ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
        network_backend=_Backend(total))
    return transport
