"""The root element of a markup document, found by a pattern, without parsing: what routes a body to
the sitemap reader, the feed readers or the "an HTML page" refusal (:mod:`newsdesk.ingest.feeds`), and
a feed or sitemap given as a page to its refusal (:mod:`newsdesk.extract.detect`).

A leaf module (it imports nothing of newsdesk): ``extract`` and ``ingest`` both use it, and neither
imports the other.

A byte-order mark opens the document as it opens a file (Windows tools and some CMSs write one):
lxml and feedparser read a UTF-8 or UTF-16 document after one, so the root is looked for after it
too; a sitemap served with a UTF-8 BOM went to feedparser and failed as "not a feed or a sitemap".
"""

from __future__ import annotations

import codecs
import re

HEAD = 65_536  # characters looked at: the prolog of a real document is a few hundred

# Past the declaration, processing instructions, comments, white space and a doctype, each read as XML
# reads it (a comment ends at the first '-->'; a doctype's quoted literals and internal subset are
# skipped whole, a ']>' inside an entity's value included). All possessive: a prolog once read is never
# read again another way. With greedy quantifiers '<!DOCTYPE' and 64 KB of spaces took 9 s, and with a
# plain `*` each comment could end at any later '-->' instead, so 30 empty comments and an unclosed one
# took minutes (exponential).
_LITERAL = r"\"[^\"]*+\"|'[^']*+'"
_DOCTYPE = rf"<!DOCTYPE(?:[^\[>\"']++|{_LITERAL})*+(?:\[(?:[^\]\"'<]++|{_LITERAL}|<!--.*?-->|<(?!!--))*+\])?\s*+>"
_ROOT = re.compile(rf"\A\ufeff?(?:\s++|<\?.*?\?>|<!--.*?-->|{_DOCTYPE})*+<([A-Za-z_][\w:.-]*)",
                   re.DOTALL | re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def root_name(text: str) -> str | None:
    """The local name of the document's root element, lower-cased (``rdf:RDF`` gives ``rdf``), or
    None when the text does not open with markup."""
    match = _ROOT.match(text[:HEAD])
    return match.group(1).rpartition(":")[2].lower() if match else None


def root_name_of(body: bytes) -> str | None:
    """:func:`root_name` of an undecoded document: after a UTF-8 or UTF-16 byte-order mark, decoded as
    it says; else byte for byte (the names looked for are ASCII in any ASCII-compatible charset)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            width = 2 if codec.startswith("utf-16") else 1
            return root_name(body[len(bom):len(bom) + HEAD * width].decode(codec, "replace"))
    return root_name(body[:HEAD].decode("latin-1"))
