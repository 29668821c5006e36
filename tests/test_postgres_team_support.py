"""Helpers for the team-on-PostgreSQL tests: the test server behind a relay that goes away and comes
back on the same address, as a server restarting does."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from test_store_support import pg_schema


class Restarting:
    """A TCP relay to the test server; ``stop`` cuts every connection and refuses new ones, ``start``
    listens again on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._open: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._serve()

    def _serve(self) -> None:
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            b.close()

    def stop(self) -> None:
        for sock in (self._listener, *self._open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the pumps; close alone would not
            sock.close()
        self._open = []

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._serve()


@contextlib.contextmanager
def restarting() -> Iterator[tuple[str, str, Restarting]]:
    """(the URL through the relay, the direct URL, the relay) of a fresh schema."""
    with pg_schema() as url:
        parts = urlsplit(url)
        relay = Restarting(parts.hostname or "127.0.0.1", parts.port or 5432)
        try:
            yield url.replace(parts.netloc, f"{parts.netloc.rpartition('@')[0]}@127.0.0.1:{relay.port}"), url, relay
        finally:
            relay.stop()

