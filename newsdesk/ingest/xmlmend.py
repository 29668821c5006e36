"""XML as sites write it, mended for lxml: blank lines before the XML declaration, HTML entities
(``&eacute;``, ``&nbsp;``) and bare ``&`` that XML does not allow, each of which made lxml refuse a
whole sitemap or OPML file. Used only when a strict parse fails (except the blank lines).
"""

from __future__ import annotations

import codecs
import re
from html.entities import name2codepoint

# An HTML entity XML does not know (&eacute;, &nbsp; in a news title, as CMSs write them), or a bare
# '&' in an address (?a=1&b=2): lxml refused a whole file for one. XML's own five are kept.
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_BARE_AMPERSAND = re.compile(rb"&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def mended(body: bytes) -> bytes:
    """The XML with HTML entities written as the characters they name, bare '&'s escaped."""
    def character(match: re.Match[bytes]) -> bytes:
        name = match[1]
        point = name2codepoint.get(name.decode("ascii"))
        if name in _XML_ENTITIES or point is None:
            return match[0]
        return f"&#{point};".encode("ascii")

    return _ENTITY.sub(character, _BARE_AMPERSAND.sub(b"&amp;", body))


def declaration_first(body: bytes) -> bytes:
    """The XML without the blank lines some CMS plugins and scripts print before its declaration (lxml
    allows the declaration only at the very start: "XML declaration allowed only at the start")."""
    bom = codecs.BOM_UTF8 if body.startswith(codecs.BOM_UTF8) else b""
    rest = body[len(bom):].lstrip(b" \t\r\n")
    return bom + rest if rest.startswith(b"<?xml") else body
