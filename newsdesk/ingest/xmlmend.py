"""XML as sites write it, mended for lxml: blank lines before the XML declaration, HTML entities
(``&eacute;``, ``&nbsp;``) and bare ``&`` that XML does not allow, and namespace prefixes used but
never declared (``<xhtml:link>`` alternates without ``xmlns:xhtml``), each of which made lxml refuse
a whole sitemap or OPML file. Used only when a strict parse fails (except the blank lines).
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


# A prefixed element or attribute name, a prefix's declaration, and the root element's start tag.
_PREFIXED = re.compile(rb"[<\s]([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*(?=[\s=/>])")
_DECLARED = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ROOT = re.compile(rb"<[A-Za-z_][\w.:-]*")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL)


def mended(body: bytes) -> bytes:
    """The XML with HTML entities written as the characters they name, bare '&'s escaped, and each
    prefix used but not declared declared on the root (a sitemap generator's xhtml:link or image:image
    without its xmlns: lxml refused the whole file, "Namespace prefix xhtml on link is not defined")."""
    return _declared(_entities_mended(body))


def _declared(body: bytes) -> bytes:
    missing = sorted(set(_PREFIXED.findall(body)) - set(_DECLARED.findall(body)) - {b"xml", b"xmlns"})
    root = _ROOT.search(body, _prolog_end(body))
    if not missing or root is None:
        return body
    names = b"".join(b' xmlns:%s="urn:undeclared:%s"' % (prefix, prefix) for prefix in missing)
    return body[:root.end()] + names + body[root.end():]


def _prolog_end(body: bytes) -> int:
    """Where the root element may start: past the XML declaration, comments and a doctype."""
    at = 0
    while True:
        found = _PROLOG.match(body, at)
        if found is None or found.end() == at:
            return at
        at = found.end()


def _entities_mended(body: bytes) -> bytes:
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


def xml_problem(exc: Exception) -> str:
    """lxml's complaint on one line: it breaks its message before ", line 1, column 8" and adds
    "(<string>, line 1)", so an OPML file or sitemap with a NUL in it gave a two-line error."""
    text = re.sub(r"\s*\n\s*", " ", str(exc)).replace(" ,", ",")
    return re.sub(r" \(<string>, line \d+\)$", "", text).strip()

