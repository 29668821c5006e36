"""Channels: how a delivery leaves (webhook, email, ntfy, Web Push). Each ``send`` returns when the
receiver took the message, or raises :class:`SendError` saying whether trying again may help."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from ...errors import FetchError, NewsdeskError
from ...ingest.bodies import read_body


class SendError(NewsdeskError):
    """A delivery that did not go through; ``retry`` False when trying again cannot help (4xx)."""

    def __init__(self, reason: str, *, retry: bool = True, gone: bool = False, down: bool = False,
                 input: str | None = None) -> None:
        super().__init__(reason, input=input)
        self.retry = retry
        self.gone = gone  # a Web Push subscription that no longer exists
        self.down = down  # the receiver itself failed (no connection, a timeout, 502/503/504, 429): not this message


def status_error(status: int, target: str, said: str = "") -> SendError:
    """A receiver's error status (and what it said of it): 408, 429 and 5xx are worth another try,
    other 4xx are not."""
    retry = status in (408, 425, 429) or status >= 500
    return SendError(f"HTTP {status}: {said}" if said else f"HTTP {status}", retry=retry, gone=status in (404, 410),
                     down=status in (429, 502, 503, 504),
                     input=target)


def post(client: httpx.Client, url: str, target: str, **options: Any) -> None:
    """POST to a receiver; SendError naming ``target`` unless it answered 2xx. The client checks the
    address each connection reached before anything is sent (``safety.safe_client``): a name that
    resolved to a public address for the check and to a private one for the connect is refused."""
    try:
        with client.stream("POST", url, **options) as response:
            text = _head(response)  # its reason, if an error; read to the end, the connection serves the next
    except FetchError as exc:
        raise SendError(exc.reason, retry=False, input=target) from None
    except httpx.HTTPError as exc:
        raise SendError(_reason(exc, url), down=isinstance(exc, httpx.TransportError), input=target) from None
    if response.is_redirect:  # not followed (the new address could be a private one): say where it points
        where = " ".join(response.headers.get("location", "").split())[:200] or "nowhere"
        raise SendError(f"HTTP {response.status_code}: redirected to {where} (not followed: give that URL)",
                        retry=False, input=target)
    if not response.is_success:
        raise status_error(response.status_code, target, _said(response, text))


SAID_BYTES = 65_536  # of an answer, read (an error's for its reason); past it the answer says nothing


def _head(response: httpx.Response) -> str:
    """An answer's body as text when it is short, else nothing: a receiver answering an endless body,
    or a gzip bomb, filled the service's memory (httpx reads and inflates a whole answer)."""
    raw = bytearray()
    for chunk in response.iter_raw():
        raw += chunk
        if len(raw) > SAID_BYTES:
            return ""
    try:
        body = read_body([bytes(raw)], response.headers.get("content-encoding", ""), SAID_BYTES, math.inf)
    except FetchError:
        return ""
    try:
        return body.decode(response.charset_encoding or "utf-8", errors="replace")
    except (LookupError, UnicodeError):  # a charset Python does not know, or one that decodes nothing
        return body.decode("utf-8", errors="replace")


def _said(response: httpx.Response, text: str) -> str:
    """A receiver's own short word on an error: Telegram's ``description``, Discord's ``message``,
    Slack's plain-text code (``invalid_token``, ``channel_not_found``); else nothing."""
    text = text[:2000]
    if "json" in response.headers.get("content-type", ""):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        found = next((data[k] for k in ("description", "message", "error") if isinstance(data, dict)
                      and isinstance(data.get(k), str)), "")
        return " ".join(found.split())[:200]
    if response.headers.get("content-type", "").startswith("text/plain") and "\n" not in text.strip():
        # no control characters: the reason goes to the log and to the outbox (PostgreSQL stores no NUL)
        return "".join(c for c in text.strip() if c.isprintable())[:200]
    return ""


_TLS = re.compile(r"\[SSL: \w+\] (.*?)(?: \(_ssl\.c:\d+\))?$")


def _reason(exc: httpx.HTTPError, url: str) -> str:
    """An HTTP client error in one line; a TLS one as ``TLS: certificate verify failed: …`` (it was
    ``ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] … (_ssl.c:1006)``), a refused connection naming
    the address nobody listens on (it was ``ConnectError: [Errno 111] Connection refused``), a timeout the
    address that gave no answer."""
    tls = _TLS.search(str(exc))
    if tls is None:
        where = urlsplit(url)
        address = f"{where.hostname}:{where.port or (443 if where.scheme == 'https' else 80)}"
        if isinstance(exc, httpx.ConnectError) and "refused" in str(exc).lower():
            return f"connection refused by {address} (nothing listens there: is the receiver up?)"
        if isinstance(exc, httpx.ConnectTimeout):  # before TimeoutException: it is one
            return f"timed out connecting to {address} (see delivery_timeout)"
        if isinstance(exc, httpx.TimeoutException):  # it was "ReadTimeout: timed out", naming nobody
            return f"timed out: {address} gave no answer in time (see delivery_timeout)"
        return f"{type(exc).__name__}: {exc}"
    plain = " (the receiver does not speak TLS: an http:// URL?)" if "wrong version number" in tls[1] else ""
    return f"TLS: {tls[1]}{plain}"
