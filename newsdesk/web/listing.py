"""What the list pages share (/quotes, /people, /who-did-what): their filters from the query string,
one page of hits with the link to the next, and the store's refusal of a filter as the page's error.

A list that pages by cursor (quotes, events: #8) links the next page with ``after=`` the last hit's
``next`` (its place in the list), read from there by index however deep; an ``offset=`` address (an old
bookmark) still works, and links on by offset as before, up to :data:`MAX_OFFSET`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NewsdeskError, StoreUnavailableError
from .security import server_error

PAGE_SIZE = 30
MAX_OFFSET = 10_000  # the deepest a list pages by offset (narrow the filters, or follow the cursor links)
CURSOR = "after"  # the query parameter of a cursor: the hits after the one whose ``next`` it is

Hit = TypeVar("Hit")


@dataclass(frozen=True)
class Listing(Generic[Hit]):
    """One page of a list: what the template shows and the status it answers with."""

    wanted: dict[str, str]
    hits: list[Hit]
    offset: int
    more: bool  # more match than this page shows
    more_url: str | None  # the next page; None past MAX_OFFSET, where the page says to narrow instead
    first_url: str  # the first page, the same filters (the way back from a page past the last)
    error: str | None
    status: int
    after: str | None = None  # the cursor this page was read after

    def context(self) -> dict[str, Any]:
        # the templates tell a page past the last from an empty list by ``offset``: a cursor page follows others
        shown = self.offset if self.after is None else max(self.offset, 1)
        return {"wanted": self.wanted, "hits": self.hits, "offset": shown, "more": self.more,
                "more_url": self.more_url, "first_url": self.first_url, "error": self.error}


def wanted(request: Request, names: Sequence[str]) -> dict[str, str]:
    """The filters asked for, each "" when not given."""
    return {name: request.query_params.get(name, "").strip() for name in names}


async def listing(request: Request, filters: dict[str, str], offset: int, fetch: Callable[[int, int], list[Hit]],
                  command: str, after: Callable[[int, str], list[Hit]] | None = None) -> Listing[Hit]:
    """``fetch(limit, offset)`` in a worker thread (one more than a page: whether more match), or with
    ``after``, a list paged by cursor, ``after(limit, cursor)`` where the address has one (its hits have a
    ``next``); an :class:`InputError` (a bad filter or cursor) is the page's 400 (without the ``command: ``
    the CLI's message starts with)."""
    cursor = request.query_params.get(CURSOR) or None if after is not None else None
    hits: list[Hit] = []
    error, status = None, 200
    try:
        if after is not None and cursor is not None:
            hits = await run_in_threadpool(after, PAGE_SIZE + 1, cursor)
        else:
            hits = await run_in_threadpool(fetch, PAGE_SIZE + 1, offset)
    except InputError as exc:
        error, status = str(exc).removeprefix(f"{command}: "), 400
    except StoreUnavailableError:  # the app's 503 (app.py): "try again", not an error of the list
        raise
    except NewsdeskError as exc:  # the database's: its detail (naming it) goes to the log only
        error, status = server_error(request, exc), 500
    more = len(hits) > PAGE_SIZE
    first = urlencode({name: value for name, value in request.query_params.items() if name not in ("offset", CURSOR)})
    if not more:
        more_url = None
    elif after is not None and (cursor is not None or offset == 0):
        more_url = _after_page(request, getattr(hits[PAGE_SIZE - 1], "next", None))
    else:  # an old bookmark's page (an offset) goes on by offset as it did, up to MAX_OFFSET
        more_url = _next_page(request, offset)
    return Listing(filters, hits[:PAGE_SIZE], offset, more, more_url, request.url.path + (f"?{first}" if first else ""),
                   error, status, cursor)


def _next_page(request: Request, offset: int) -> str | None:
    """The next page's address; None past :data:`MAX_OFFSET` (the link led to an error page there)."""
    if offset + PAGE_SIZE > MAX_OFFSET:
        return None
    return f"{request.url.path}?{urlencode({**request.query_params, 'offset': offset + PAGE_SIZE})}"


def _after_page(request: Request, cursor: str | None) -> str | None:
    """The next page's address by cursor (the page's last hit's ``next``), the same filters, no offset."""
    if cursor is None:
        return None
    kept = {name: value for name, value in request.query_params.items() if name not in ("offset", CURSOR)}
    return f"{request.url.path}?{urlencode({**kept, CURSOR: cursor})}"
