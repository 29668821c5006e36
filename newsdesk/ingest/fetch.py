"""Fetch one URL safely: http(s) only, no private addresses, bounded size, time and redirects.

The checks live in :mod:`.safety`, the client in :mod:`.http`; this is the one-off fetch that
``extract``, ``analyze`` and ``ingest`` use for a URL given on the command line.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from ..errors import InputError
from ..settings import Settings
from ..types import Fetched
from .decode import decode
from .http import Fetcher, Response


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://", "ftp://", "file://", "data:", "javascript:"))


def fetch_url(url: str, settings: Settings) -> Fetched:
    with Fetcher(settings) as fetcher:
        return fetched_page(url, fetcher.get(url))


# What a server says is no page whatever its bytes: a PDF's text objects passed the binary check and
# were stored as an article reading "%PDF-1.4". (A missing or generic type is read by the content.)
_NOT_PAGES = ("image/", "audio/", "video/", "font/", "model/", "application/pdf", "application/zip",
              "application/msword", "application/vnd.ms-", "application/vnd.openxmlformats-")


def fetched_page(item: str, response: Response) -> Fetched:
    """A fetched body as a decoded page (``item`` names it in errors)."""
    if response.media_type and response.media_type.startswith(_NOT_PAGES):
        raise InputError(f"not a page: the server sent {response.media_type}", input=item)
    text, encoding = decode(response.body, item, response.charset)
    return Fetched(input=item, content=text, url=_without_login(response.url), media_type=response.media_type,
                   encoding=encoding)


def _without_login(url: str) -> str:
    """The URL without a user:password@ (the article's url went into the store, exports and alerts with it)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])) if "@" in parts.netloc else url
