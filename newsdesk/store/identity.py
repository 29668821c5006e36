"""An article's identity in the store: its canonical URL where known, else the hash of its text."""

from __future__ import annotations

import hashlib

from ..identity import TRACKING as TRACKING
from ..identity import article_id
from ..identity import canonical_url as canonical_url
from ..identity import text_hash as text_hash

# The id an article has in the store: the one id function (newsdesk.identity.article_id), of its
# canonical URL or text; the extract stage and the backfill's Parquet rows give the same.
stored_id = article_id


LINK_KEY_BYTES = 2000  # PostgreSQL indexes at most 2704 bytes of a key (a btree row)


def link_key(url: str) -> str:
    """The key a link is noted under in the ``links`` table: the URL itself, or for one longer than
    ``LINK_KEY_BYTES`` (a tracking-laden feed link) its start and its sha256, which PostgreSQL's
    primary key index can hold ("index row size exceeds btree maximum" refused the article)."""
    raw = url.encode("utf-8", "surrogatepass")
    if len(raw) <= LINK_KEY_BYTES:
        return url
    return f"{url[:LINK_KEY_BYTES // 4]}#sha256={hashlib.sha256(raw).hexdigest()}"
