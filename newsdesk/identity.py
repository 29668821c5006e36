"""An article's identity, one function for every stage: :func:`article_id` is the sha256 of its
canonical URL (:func:`canonical_url`: one spelling, tracking parameters gone) where it has one,
else of its clean text. Extraction, the store and the backfill's Parquet rows all use it, so
the same article has the same id everywhere. Imports nothing of the pipeline.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader: dropped, so one story is one article.
TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
                      "_ga", "ocid", "cmpid", "smid", "taid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL in one spelling: scheme and host in lower case, no default port, no fragment,
    no user info, no tracking parameters (``utm_*``, ``fbclid``…); the path and the order of
    the other parameters are kept. Canonical twice is canonical once."""
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


def article_id(url: str | None, text: str) -> str:
    """sha256 of the canonical URL (the URL as given is made canonical here), or of the clean text
    when there is no URL."""
    return text_hash(canonical_url(url) if url else text)
