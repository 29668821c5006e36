"""An article's identity in the store: its canonical URL where known, else the hash of its text."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..types import article_id

# Query parameters that only track the reader: dropped, so one story is one article.
TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
                      "_ga", "ocid", "cmpid", "smid", "taid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL in one spelling: scheme and host in lower case, no default port, no fragment,
    no user info, no tracking parameters (``utm_*``, ``fbclid``…); the path and the order of
    the other parameters are kept."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[bad": no parts to normalise, the URL as given
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in TRACKING]
    path = parts.path or ("/" if netloc else "")
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_id(canonical: str | None, text: str) -> str:
    """The id an article has in the store (``types.article_id`` of its canonical URL or text)."""
    return article_id(canonical, text)


LINK_KEY_BYTES = 2000  # PostgreSQL indexes at most 2704 bytes of a key (a btree row)


def link_key(url: str) -> str:
    """The key a link is noted under in the ``links`` table: the URL itself, or for one longer than
    ``LINK_KEY_BYTES`` (a tracking-laden feed link) its start and its sha256, which PostgreSQL's
    primary key index can hold ("index row size exceeds btree maximum" refused the article)."""
    raw = url.encode("utf-8", "surrogatepass")
    if len(raw) <= LINK_KEY_BYTES:
        return url
    return f"{url[:LINK_KEY_BYTES // 4]}#sha256={hashlib.sha256(raw).hexdigest()}"
