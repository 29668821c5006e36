"""Email alerts through a real aiosmtpd server on loopback: headers and non-ASCII text, what a
refusing server says (one readable line; a 5xx is final, a 4xx is tried again), a server without
SMTPUTF8, and a server that is down, then up: nothing is lost."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from test_alerts_channels import _alert_on_quake
from test_alerts_support import deliver_due, free_port, wait_for

from newsdesk.alerts.deliver import Deliverer
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store

TITLE = "Zürich’s “café summit”: Müller speaks"


class _Picky:
    """A mail server that refuses recipients starting with ``nobody``, and data for ``full@`` (4xx) and
    ``spam@`` (5xx)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          options: Any) -> str:
        if address.startswith("nobody"):
            return "550 5.1.1 <nobody@example.org>: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if envelope.rcpt_tos == ["full@example.org"]:
            return "452 4.2.2 mailbox full"
        if envelope.rcpt_tos == ["spam@example.org"]:
            return "554 5.7.1 message rejected as spam"
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def picky_server(port: int | None = None, utf8: bool = True) -> Iterator[tuple[int, list[Message]]]:
    box = _Picky()
    port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, enable_SMTPUTF8=utf8)
    controller.start()
    try:
        yield port, box.messages
    finally:
        controller.stop()


def _outcome(tmp_path: Path, to: str, utf8: bool = True) -> tuple[str, int, str | None, list[Message]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    with open_store(str(tmp_path / "n.db")) as store, picky_server(utf8=utf8) as (port, inbox):
        watch_id = _alert_on_quake(store, [Channel("email", to)], title=TITLE)
        alerts = AlertStore(store)
        deliver_due(alerts, Settings(smtp_host="127.0.0.1", smtp_port=port))
        [d] = alerts.deliveries(watch_id)
        return d.state, d.attempts, d.last_error, list(inbox)


def test_headers_carry_non_ascii_text_encoded_and_mark_the_mail_automatic(tmp_path: Path) -> None:
    state, _, _, [msg] = _outcome(tmp_path, "desk@example.org")
    assert state == "sent"
    assert str(msg["Subject"]) == f"newsdesk: {TITLE}"
    raw = msg.as_bytes()
    assert raw.isascii()  # RFC 2047 words, not raw UTF-8, for a server and reader of any age
    assert msg["Auto-Submitted"] == "auto-generated"
    sent = parsedate_to_datetime(str(msg["Date"]))
    assert sent.tzinfo is not None and sent.utcoffset() == dt.timedelta(0)  # "-0000" is "zone unknown"
    assert str(msg["Date"]).endswith("+0000")
    assert abs((dt.datetime.now(dt.UTC) - sent).total_seconds()) < 60
    part = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
    raw_part = part.get_payload(decode=True)
    assert isinstance(raw_part, bytes)
    plain = raw_part.decode(part.get_content_charset() or "ascii")
    assert TITLE in plain and "https://a.example/quake" in plain


def test_a_refused_recipient_fails_at_once_with_the_servers_words(tmp_path: Path) -> None:
    state, attempts, error, inbox = _outcome(tmp_path, "nobody@example.org")
    assert (state, attempts, inbox) == ("failed", 1, [])
    # it was "recipient refused ({'nobody@example.org': (550, b'5.1.1 ...')})"
    assert error == "recipient refused: 550 5.1.1 <nobody@example.org>: no such user"


def test_a_5xx_for_the_message_is_final_and_a_4xx_is_tried_again(tmp_path: Path) -> None:
    state, attempts, error, _ = _outcome(tmp_path / "a", "spam@example.org")
    assert (state, attempts, error) == ("failed", 1, "SMTP: 554 5.7.1 message rejected as spam")
    state, attempts, error, _ = _outcome(tmp_path / "b", "full@example.org")
    assert (state, attempts, error) == ("pending", 1, "SMTP: 452 4.2.2 mailbox full")


def test_a_non_ascii_address_without_smtputf8_fails_at_once(tmp_path: Path) -> None:
    state, attempts, error, inbox = _outcome(tmp_path, "zoë@example.org", utf8=False)
    assert (state, attempts, inbox) == ("failed", 1, [])
    assert error == "the SMTP server does not take non-ASCII addresses (no SMTPUTF8)"
    state, _, _, [msg] = _outcome(tmp_path / "utf8", "zoë@example.org")  # a server that takes them
    assert state == "sent" and msg["To"] == "zoë@example.org"


def test_a_server_down_then_up_gets_the_alert_once(tmp_path: Path) -> None:
    port = free_port()
    with open_store(str(tmp_path / "n.db")) as store:
        watch_id = _alert_on_quake(store, [Channel("email", "desk@example.org")])
        alerts = AlertStore(store)
        deliverer = Deliverer(alerts, Settings(smtp_host="127.0.0.1", smtp_port=port))
        try:
            assert deliverer.run_due(wait=True) == 1  # nobody listens
            [down] = alerts.deliveries(watch_id)
            assert (down.state, down.last_error) == ("pending", f"SMTP: Connection refused by 127.0.0.1:{port} "
                                                     "(nothing listens there: is the mail server up? see smtp_host, "
                                                     "smtp_port)")
            with picky_server(port) as (_, inbox):
                time.sleep(1.2)  # its backoff
                assert deliverer.run_due(wait=True) == 1
                [msg] = wait_for(lambda: list(inbox))
                assert msg["Message-ID"] == f"<{down.id}@newsdesk>"
                assert deliverer.run_due(wait=True) == 0
        finally:
            deliverer.close()
        [sent] = alerts.deliveries(watch_id)
        assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_an_address_with_a_display_name_is_taken_and_sent_to(tmp_path: Path) -> None:
    """'Zoë Desk <desk@example.org>' was refused as 'wants an email address'."""
    state, _, _, [msg] = _outcome(tmp_path, "Zoë Desk <desk@example.org>")
    assert state == "sent" and msg.as_bytes().isascii()  # the name RFC 2047-encoded: no SMTPUTF8 needed
    assert str(msg["To"]) == "Zoë Desk <desk@example.org>"
