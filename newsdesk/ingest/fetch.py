"""Fetch one URL safely: http(s) only, no private addresses, bounded size, time and redirects.

The checks live in :mod:`.safety`, the client in :mod:`.http`; this is the one-off fetch that
``extract``, ``analyze`` and ``ingest`` use for a URL given on the command line.
"""

from __future__ import annotations

from ..settings import Settings
from ..types import Fetched
from .decode import decode
from .http import Fetcher, Response


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://", "ftp://", "file://", "data:", "javascript:"))


def fetch_url(url: str, settings: Settings) -> Fetched:
    with Fetcher(settings) as fetcher:
        return fetched_page(url, fetcher.get(url))


def fetched_page(item: str, response: Response) -> Fetched:
    """A fetched body as a decoded page (``item`` names it in errors)."""
    text, encoding = decode(response.body, item, response.charset)
    return Fetched(input=item, content=text, url=response.url, media_type=response.media_type, encoding=encoding)
