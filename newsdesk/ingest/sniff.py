"""A look at the start of an archived payload whose HTTP headers name no media type.

Some servers send pages with no Content-Type at all (old CMSs, hand-written servers, a proxy that
drops it), and crawlers archive them so: each such page was skipped as "not HTML or text". A
browser sniffs such a body (WHATWG MIME Sniffing, "unknown type"): markup at its start makes it a
page, anything else (an image, a PDF, a script, binary data) is none; newsdesk does the same.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from .bodies import body_head

PEEK = 4096  # raw bytes looked at: the markup of a page starts within its first few hundred
# Media types that say nothing (missing, or a placeholder some servers and proxies send).
UNKNOWN_TYPES = frozenset({"", "unknown/unknown", "application/unknown", "*/*"})
# WHATWG's HTML patterns: one of these tags (then a space or '>') after leading whitespace; an XHTML
# page's XML declaration and comments may come first.
_HTML = re.compile(rb"(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.*?-->\s*)*(?:<!--|<(?:!doctype\s+html|html|head|script"
                   rb"|iframe|h1|div|font|table|a|style|title|b|body|br|p)[\s>])", re.IGNORECASE | re.DOTALL)
_CHUNK_SIZE = re.compile(rb"([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n")
_SNIFFED = "_newsdesk_sniffed"  # the kind found, kept on the record: its start is read only once


def sniffed_type(record: Any) -> str | None:
    """'text/html' when the payload of a warcio ``record`` starts as a page does, else None.

    The bytes looked at are put back in front of the record's stream, so the record reads whole."""
    if hasattr(record, _SNIFFED):
        return getattr(record, _SNIFFED)  # type: ignore[no-any-return]
    raw = record.raw_stream.read(PEEK)
    record.raw_stream = Prefixed(raw, record.raw_stream)
    headers = record.http_headers if record.rec_type == "response" else None
    head = raw
    if headers is not None and (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        head = _dechunked(head)
    head = body_head(head, (headers.get_header("Content-Encoding") or "") if headers is not None else "", PEEK)
    kind = "text/html" if looks_html(head) else None
    setattr(record, _SNIFFED, kind)
    return kind


def looks_html(head: bytes) -> bool:
    """Whether bytes start as an HTML page does (a UTF-8 byte-order mark and whitespace aside)."""
    return _HTML.match(head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n\x0c")) is not None


def _dechunked(data: bytes) -> bytes:
    """The start of a chunked body's data; bytes that are not chunked after all pass as they are."""
    out, at = bytearray(), 0
    while at < len(data):
        size = _CHUNK_SIZE.match(data, at)
        if size is None:
            return data if at == 0 else bytes(out)
        length = int(size[1], 16)
        if length == 0:
            break
        out += data[size.end():size.end() + length]
        at = size.end() + length + 2  # the CRLF after the chunk's data
    return bytes(out)


class Prefixed:
    """A record's stream with the bytes already read from it put back in front."""

    def __init__(self, head: bytes, stream: Any) -> None:
        self._head = head
        self._stream = stream

    @property
    def limit(self) -> int:
        """The bytes left to read (warcio's LimitReader's count, which says whether a record was cut short)."""
        return len(self._head) + int(getattr(self._stream, "limit", 0))

    def read(self, length: int | None = None) -> bytes:
        """Up to ``length`` bytes, as many as the stream holds (warcio's chunk reader takes a short
        read of a chunk's closing CRLF for a body that is not chunked after all)."""
        if length is None or length < 0:
            part, self._head = self._head, b""
            return part + bytes(self._stream.read())
        part, self._head = self._head[:length], self._head[length:]
        return part + bytes(self._stream.read(length - len(part))) if len(part) < length else part

    def readline(self, length: int | None = None) -> bytes:
        end = self._head.find(b"\n") + 1
        size = -1 if length is None else length
        if end and (size < 0 or end <= size):
            line, self._head = self._head[:end], self._head[end:]
            return line
        if 0 <= size <= len(self._head):
            line, self._head = self._head[:size], self._head[size:]
            return line
        part, self._head = self._head, b""
        rest = self._stream.readline() if size < 0 else self._stream.readline(size - len(part))
        return part + bytes(rest)

    def close(self) -> None:
        self._stream.close()
