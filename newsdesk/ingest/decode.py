"""Bytes to text: gzip inflation under a cap, binary detection, encoding detection."""

from __future__ import annotations

import codecs
import re
import zlib

import charset_normalizer

from ..errors import InputError
from .legacy import western as western_text

GZIP_MAGIC = b"\x1f\x8b"
_ASCII = bytes(range(128))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def inflate(data: bytes, limit: int, name: str) -> bytes:
    """Gunzip ``data``, refusing output past ``limit`` bytes (a gzip bomb stops there)."""
    out = bytearray()
    rest = data
    while rest.startswith(GZIP_MAGIC):  # a .gz may hold several members in a row
        engine = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending and not engine.eof:
                # max_length bounds the memory whatever the compression ratio.
                out += engine.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise InputError(f"larger than {limit} bytes once gunzipped", input=name)
                pending = engine.unconsumed_tail
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data ({exc})", input=name) from None
        if not engine.eof:
            raise InputError("truncated gzip data", input=name)
        rest = engine.unused_data
    return bytes(out)


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes to text; returns (text, encoding). Refuses empty and binary input.

    A NUL past the head that the binary check reads is dropped, as an HTML parser drops it: no
    page text holds one, and PostgreSQL cannot store it (SQLite did, so one article was stored
    or refused by the database it went to)."""
    text, encoding = _decoded(data, name, declared)
    return (text.replace("\x00", "") if "\x00" in text else text), encoding


def _decoded(data: bytes, name: str, declared: str | None) -> tuple[str, str]:
    if not data.strip():
        raise InputError("empty input", input=name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            read = _by_bom(data, encoding)
            if read is not None:
                return read, encoding
            data = data[len(bom):]  # a UTF-8 mark on bytes that are no UTF-8: read as if it were not there
            break
    if data.lstrip()[:5] == b"%PDF-":  # its text objects pass the binary check ("%PDF-1.4" was an article)
        raise InputError("a PDF, not a text or HTML page", input=name)
    if _looks_binary(data):
        raise InputError("binary content, not a text or HTML page", input=name)
    candidates = [declared] if declared else []
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            codec = codec_name(encoding)
            if codec in _NOT_CHARSETS:
                continue
            if codec.startswith(("utf-16", "utf-32")):
                # bytes with no NUL in their head are no UTF-16 or UTF-32 (every ASCII character
                # there holds one): a page that declares one is ASCII-compatible, as browsers assume
                # (such a page of an even length came out as a line of CJK characters)
                continue
            if codec.startswith(_SINGLE_BYTE) and not data.isascii() and _utf8(data):
                # UTF-8 under a server's default "charset=iso-8859-1" or a template's stale meta tag: no
                # legacy text is valid UTF-8 as well, and read by the label it came out "CafÃ©"
                continue
            return data.decode(codec), codec
        except (LookupError, UnicodeError):  # UnicodeError: a codec that decodes nothing ('undefined')
            continue
    if mostly_utf8(data):
        # a UTF-8 page with a stray byte or two (a paste, a cut): read as browsers read it, each bad
        # byte a U+FFFD; the guesser read a whole such page as Mac Roman ("president‚Äôs")
        return data.decode("utf-8", errors="replace"), "utf-8"
    western = western_text(data)
    if western is not None:  # as browsers read an unlabelled page; the guesser took "café" for Polish
        return western, "cp1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError("binary content, not a text or HTML page", input=name)
    return data.decode(best.encoding, errors="replace"), best.encoding


# Python's own codecs that a page or a server may name but no browser reads a page in: 'undefined'
# raised on any byte (an internal error), 'unicode_escape' made "C:\new" a line break, UTF-7 hides
# markup ("+ADw-script+AD4-"). A page naming one is read as if it named none.
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "charmap",
                           "utf-7", "mbcs", "oem"})


def mostly_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8 but for a few bad ones: its non-ASCII characters outnumber the
    bad bytes two to one. A legacy page (cp1252 "café") has next to no valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    marks = data.count("\ufffd".encode())  # replacement characters the page itself holds
    bad = text.count("\ufffd") - marks
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))  # each one character of the text
    return len(text) - ascii_bytes - bad - marks >= 2 * bad


# Single-byte code pages (Python's names): text in one of them is not valid UTF-8 as well.
_SINGLE_BYTE = ("cp125", "iso8859-", "koi8-", "mac-", "cp874", "cp866", "cp437", "cp850", "tis-620")


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Labels that browsers read as the superset a vendor made of them (WHATWG Encoding): Python's own
# codecs for them are strict, so a Latin-1 page's curly quotes (0x92) were control characters, and a
# "gb2312" page with one GBK character (朱镕基) or a "shift_jis" one with ① went to the guesser.
_SUPERSETS = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
              "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
              "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs"}


# Labels browsers know that Python does not (a LookupError, and the page went to the guesser).
_LABELS = {"x-gbk": "gb18030", "windows-874": "cp874", "windows-31j": "cp932", "x-sjis": "cp932",
           "x-euc-jp": "euc_jp", "x-mac-roman": "mac-roman", "x-cp1252": "cp1252", "iso-8859-8-i": "iso8859-8",
           "unicode-1-1-utf-8": "utf-8"}


def codec_name(encoding: str) -> str:
    """Python's codec for a charset label, as browsers read the label."""
    name = codecs.lookup(_LABELS.get(encoding.strip().lower(), encoding)).name
    return _SUPERSETS.get(name, name)


def _by_bom(data: bytes, encoding: str) -> str | None:
    """The text its byte-order mark says, a bad byte or two each U+FFFD as browsers read them (one
    refused the whole page: "not valid utf-8-sig"); None for a UTF-8 mark on bytes that are no UTF-8
    (an editor's mark on a Latin-1 page that its meta tag names): those are read by the other signs."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8-sig" and not mostly_utf8(data):
            return None
        return data.decode(encoding, errors="replace")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05
