"""HTTP bodies read raw and decoded here (gzip, deflate, brotli), under one size cap and one deadline.

httpx would inflate each network chunk whole, so a small compressed chunk could become
gigabytes in one call; here every decompression call is bounded by the room left under the cap.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from typing import Protocol

import brotli

from ..errors import FetchError

ACCEPT_ENCODING = "gzip, deflate, br"


class _Decoder(Protocol):
    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data``, producing at most ``room`` bytes more than fit (the caller then refuses)."""

    def finish(self) -> None:
        """Raise if the stream ended early."""


class _Zlib:
    def __init__(self, wbits: int, name: str) -> None:
        self._engine = zlib.decompressobj(wbits=wbits)
        self._name = name

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        pending = data
        try:
            while pending and not self._engine.eof and len(out) <= room:
                out += self._engine.decompress(pending, room + 1 - len(out))
                pending = self._engine.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"corrupt {self._name} body ({exc})") from None
        return bytes(out)

    def finish(self) -> None:
        if not self._engine.eof:
            raise FetchError(f"truncated {self._name} body")


class _Deflate(_Zlib):
    """``deflate`` is zlib-wrapped by the standard, raw in some servers: tell them apart by the first byte."""

    def __init__(self) -> None:
        super().__init__(zlib.MAX_WBITS, "deflate")
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        if not self._started and data:
            self._started = True
            if data[0] & 0x0F != 8:  # not a zlib header: raw deflate
                self._engine = zlib.decompressobj(wbits=-zlib.MAX_WBITS)
        return super().feed(data, room)


class _Brotli:
    def __init__(self) -> None:
        self._engine = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = bytearray(self._engine.process(data, output_buffer_limit=room + 1))
            while not self._engine.can_accept_more_data() and len(out) <= room:
                out += self._engine.process(b"", output_buffer_limit=room + 1 - len(out))
        except brotli.error as exc:
            raise FetchError(f"corrupt brotli body ({exc})") from None
        return bytes(out)

    def finish(self) -> None:
        if not self._engine.is_finished():
            raise FetchError("truncated brotli body")


def _decoders(content_encoding: str) -> list[_Decoder]:
    """Decoders to apply in order (the header lists the encodings in the order they were applied)."""
    out: list[_Decoder] = []
    for name in reversed([n.strip().lower() for n in content_encoding.split(",") if n.strip()]):
        if name in ("gzip", "x-gzip"):
            out.append(_Zlib(16 + zlib.MAX_WBITS, "gzip"))
        elif name == "deflate":
            out.append(_Deflate())
        elif name == "br":
            out.append(_Brotli())
        elif name != "identity":
            raise FetchError(f"unsupported content encoding {name}")
    return out


def read_body(chunks: Iterable[bytes], content_encoding: str, limit: int, deadline: float, *,
              lenient: bool = False) -> bytes:
    """The decoded body; FetchError (without input: the caller names it) past ``limit`` or ``deadline``.

    ``deadline`` is a :func:`time.monotonic` time: a server dripping bytes slowly is cut off there.
    ``lenient`` (archived payloads, as warcio reads them): a body whose first chunk does not decode as
    ``content_encoding`` says, or whose encoding is none we know, is taken as it is.
    """
    try:
        decoders = _decoders(content_encoding)
    except FetchError:
        if not lenient:
            raise
        decoders = []
    body = bytearray()
    raw = 0
    for number, data in enumerate(chunks):
        raw += len(data)
        if raw > limit:
            raise FetchError(f"larger than {limit} bytes")
        chunk = data
        try:
            for decoder in decoders:
                chunk = decoder.feed(chunk, limit - len(body))
        except FetchError as exc:
            if not (lenient and number == 0 and exc.reason.startswith("corrupt ")):
                raise
            decoders, chunk = [], data  # not what the header says: the body is taken as it is
        body += chunk
        if len(body) > limit:
            raise FetchError(f"larger than {limit} bytes" + (" once decoded" if decoders else ""))
        if time.monotonic() > deadline:
            raise FetchError("too slow: the body did not arrive in time")
    for decoder in decoders:
        decoder.finish()
    return bytes(body)


def body_head(data: bytes, content_encoding: str, size: int) -> bytes:
    """What the first bytes ``data`` of a body decode to, about ``size`` bytes of it, for a look at
    its kind; a start that does not decode as ``content_encoding`` says is taken as it is (as
    :func:`read_body`'s lenient mode takes it)."""
    try:
        for decoder in _decoders(content_encoding):
            data = decoder.feed(data, size)
    except FetchError:
        pass
    return data
