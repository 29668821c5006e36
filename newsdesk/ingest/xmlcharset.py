"""The bytes of a listing (feed, sitemap, OPML, JSON Feed) made what their parser reads right.

A sitemap or JSON Feed that declared UTF-8 (or nothing) but held one stray byte, or was in
Windows-1252 as old generators write them, was refused whole ("Invalid bytes in character
encoding"), every link in it lost; one declaring Latin-1 or Windows-1252 but written in UTF-8 read
"CafÃ©"; one declaring Latin-1 read its curly quotes (0x92) as control characters. Each is made
UTF-8 here, declared so, as browsers and feed readers read them.
"""

from __future__ import annotations

import codecs
import re

from .decode import mostly_utf8
from .legacy import western

_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_UTF8 = frozenset({b"utf-8", b"utf8"})
# Labels that browsers read as Windows-1252 (WHATWG Encoding), and Windows-1252's own.
_LATIN1 = frozenset({b"iso-8859-1", b"iso8859-1", b"latin1", b"latin-1", b"l1", b"us-ascii", b"ascii",
                     b"iso-ir-100", b"cp819", b"ibm819"})
_WINDOWS_1252 = frozenset({b"windows-1252", b"cp1252", b"x-cp1252"})
_C1 = re.compile(rb"[\x80-\x9f]")


def utf8_mended(body: bytes) -> bytes:
    """The listing in UTF-8 where its bytes say it is, or it is in Windows-1252 by every sign (see the
    module's note). A UTF-8 byte-order mark wins over a declaration, unless the bytes belie it (then
    it is dropped). One that declares another encoding, or a UTF-16 one, is left as it is."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 or UTF-32 by its byte-order mark
        return body
    if body.startswith(codecs.BOM_UTF8):
        if not mostly_utf8(body):
            return utf8_mended(body[len(codecs.BOM_UTF8):])
        body = _redeclared(body)
    declared = _DECLARED.search(body[:512])
    label = declared.group(1).lower().replace(b"_", b"-") if declared is not None else b""
    if label in _LATIN1 | _WINDOWS_1252 and not body.isascii():
        if _valid_utf8(body):  # written in UTF-8 whatever it says ("CafÃ©" once read by the label)
            return _redeclared(body)
        if label in _LATIN1 and _C1.search(body):  # 0x80-0x9F: Windows-1252's quotes and dashes
            return _redeclared(body.decode("cp1252", errors="replace").encode("utf-8"))
        return body
    if label and label not in _UTF8:
        return body
    if _valid_utf8(body):
        return body
    if mostly_utf8(body):
        return body.decode("utf-8", errors="replace").encode("utf-8")
    text = western(body)
    return text.encode("utf-8") if text is not None else body


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _redeclared(body: bytes) -> bytes:
    """The body with its XML declaration (if any) naming UTF-8."""
    found = _DECLARED.search(body[:512])
    return body if found is None else body[:found.start(1)] + b"utf-8" + body[found.end(1):]
