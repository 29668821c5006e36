"""Webhooks to https receivers on loopback: a certificate the system does not trust fails in one
readable line, and trusting its CA (``SSL_CERT_FILE``, as docs/alerts.md says) makes it go through;
an https:// URL for a plain-HTTP receiver says so."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from test_alerts_channels import LOOPBACK, _alert_on_quake
from test_alerts_support import deliver_due, receiver

from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@contextmanager
def tls_receiver(folder: Path) -> Iterator[tuple[str, Path, list[bytes]]]:
    """An https server with a self-signed certificate: ``(url, its certificate file, bodies received)``."""
    cert_file, key_file = _self_signed(folder)
    got: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            got.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/hook", cert_file, got
    finally:
        server.shutdown()
        server.server_close()


def test_an_untrusted_certificate_fails_in_one_line_and_its_ca_can_be_trusted(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with tls_receiver(tmp_path) as (url, cert_file, got), open_store(str(tmp_path / "n.db")) as store:
        watch_id = _alert_on_quake(store, [Channel("webhook", url)])
        alerts = AlertStore(store)
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        [pending] = alerts.deliveries(watch_id)
        # it was "ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: … (_ssl.c:1006)"
        assert pending.state == "pending"
        assert pending.last_error == "TLS: certificate verify failed: self-signed certificate"
        assert got == []
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
        with store._db.write() as tx:  # due now, not after its backoff
            tx.run("UPDATE outbox SET next_at = ?", ("2000-01-01T00:00:00+00:00",))
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        [sent] = alerts.deliveries(watch_id)
        assert sent.state == "sent" and len(got) == 1


def test_an_https_url_for_a_plain_http_receiver_says_so(tmp_path: Path) -> None:
    with receiver() as hook, open_store(str(tmp_path / "n.db")) as store:
        watch_id = _alert_on_quake(store, [Channel("webhook", hook.url.replace("http://", "https://") + "/in")])
        alerts = AlertStore(store)
        deliver_due(alerts, Settings(allowed_networks=LOOPBACK))
        [pending] = alerts.deliveries(watch_id)
        assert pending.last_error == "TLS: wrong version number (the receiver does not speak TLS: an http:// URL?)"
