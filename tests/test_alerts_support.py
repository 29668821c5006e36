"""Real receivers on loopback for the alert tests: a webhook server that checks signatures, an ntfy-like
server, a Web Push endpoint that decrypts RFC 8291 payloads and verifies the VAPID JWT, and aiosmtpd."""

from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import http_ece
from aiosmtpd.controller import Controller
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from newsdesk.alerts.channels.webhook import verify
from newsdesk.alerts.deliver import Deliverer
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """An HTTP server on loopback; ``fail`` first answers (status codes) before it answers 201."""

    url: str
    got: list[Received] = field(default_factory=list)
    fail: list[int] = field(default_factory=list)

    def wait(self, count: int, timeout: float = 10.0) -> list[Received]:
        end = time.monotonic() + timeout
        while len(self.got) < count and time.monotonic() < end:
            time.sleep(0.01)
        return list(self.got)


@contextmanager
def receiver() -> Iterator[Receiver]:
    state = Receiver("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status = state.fail.pop(0) if state.fail else 201
            if status < 300:
                state.got.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                                          time.time()))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def signed_json(got: Received, secret: str) -> dict[str, Any]:
    """A webhook body, after checking its signature."""
    assert verify(secret, got.body, got.headers["x-newsdesk-signature"]), "bad webhook signature"
    data: dict[str, Any] = json.loads(got.body)
    return data


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """A browser's side of Web Push: its key pair and auth secret, as PushManager.subscribe makes them."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: __import__("os").urandom(16))

    def subscription(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        b64 = base64.urlsafe_b64encode
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(point).rstrip(b"=").decode(),
                                                    "auth": b64(self.auth).rstrip(b"=").decode()}}

    def open(self, got: Received, server_key: str) -> dict[str, Any]:
        """Check the VAPID JWT (ES256, signed by ``server_key``, for this origin, not expired), then decrypt."""
        assert got.headers["content-encoding"] == "aes128gcm"
        scheme, _, params = got.headers["authorization"].partition(" ")
        assert scheme == "vapid"
        fields = dict(p.strip().split("=", 1) for p in params.split(","))
        assert fields["k"] == server_key
        head, claims, signature = fields["t"].split(".")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(server_key))
        raw = _unb64(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        try:
            public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise AssertionError("bad VAPID signature") from None
        payload = json.loads(_unb64(claims))
        assert json.loads(_unb64(head))["alg"] == "ES256"
        assert payload["aud"] == self.endpoint.split("/push")[0] and payload["exp"] > time.time()
        assert payload["sub"].startswith("mailto:")
        data: dict[str, Any] = json.loads(http_ece.decrypt(got.body, private_key=self.key, auth_secret=self.auth,
                                                           version="aes128gcm"))
        return data


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    """aiosmtpd on loopback: ``(port, messages received)``."""
    box = _Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, box.messages
    finally:
        controller.stop()


def deliver_due(alerts: AlertStore, settings: Settings) -> int:
    """One pass of a fresh deliverer over what is due (waiting for it), closed after: how many went."""
    deliverer = Deliverer(alerts, settings)
    try:
        return deliverer.run_due(wait=True)
    finally:
        deliverer.close()


def wait_for(check: Any, timeout: float = 10.0) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    return check()
