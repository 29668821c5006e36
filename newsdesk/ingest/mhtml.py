"""MHTML (``.mhtml``, ``.mht``): a browser's "Web page, single file", read as the HTML page it holds.

Chrome saves pages this way by default. Read as a page, such a file came out as an article of
quoted-printable source ("<script type=3D…") with exit status 0. Here the saved page's HTML part
(the one at the snapshot's location, else the first) is decoded and named by its original URL.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from ..errors import InputError
from ..types import Fetched
from .decode import decode

SUFFIXES = (".mhtml", ".mht")
# RFC 822 header lines from the first byte, one of them a multipart/related Content-Type.
_HEAD = re.compile(rb"(?:[A-Za-z0-9-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:[ \t]*multipart/related", re.I)


def is_mhtml(data: bytes) -> bool:
    return _HEAD.match(data[:8192].replace(b"\r\n", b"\n")) is not None


def mhtml_page(item: str, data: bytes) -> Fetched:
    """The HTML page an MHTML file holds; InputError naming ``item`` when it holds none."""
    try:  # the email package parses and walks nested parts by recursion
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    except RecursionError:  # thousands of multiparts one in another: "internal error (RecursionError…)"
        raise InputError("an MHTML file with its parts nested too deep", input=item) from None
    location = _http(message.get("Snapshot-Content-Location"))
    if not parts:
        raise InputError("an MHTML file without an HTML page in it", input=item)
    part = next((p for p in parts if location and _http(p.get("Content-Location")) == location), parts[0])
    body = _payload(part)
    text, encoding = decode(body, item, part.get_content_charset())
    if not text.strip():
        raise InputError("empty input", input=item)
    return Fetched(input=item, content=text, url=location or _http(part.get("Content-Location")),
                   media_type="text/html", encoding=encoding)


def _payload(part: Message) -> bytes:
    body = part.get_payload(decode=True)
    return body if isinstance(body, bytes) else b""


def _http(value: object) -> str | None:
    text = str(value).strip() if value else ""
    return text if text.lower().startswith(("http://", "https://")) else None
