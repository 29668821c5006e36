"""The "who did what" page: stored PLOVER events by type, party, place, modality and date, the
latest first (``Store.events``; the CLI's ``newsdesk events``, the API's ``/api/events``)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NewsdeskError
from ..store import EventFilter, EventHit, Store
from ..store.events import MODALITIES
from ..store.query import EVENT_TYPES
from .security import server_error

PAGE_SIZE = 30
FILTERS = ("type", "party", "place", "modality", "since", "until")


def event_routes(store: Store) -> Callable[[APIRouter, Callable[..., HTMLResponse]], None]:
    """Routes for :func:`~newsdesk.web.pages.page_router` (behind its login gate)."""

    def extend(router: APIRouter, render: Callable[..., HTMLResponse]) -> None:
        @router.get("/who-did-what", name="who_did_what")
        async def who_did_what(request: Request, offset: int = Query(0, ge=0, le=10_000)) -> HTMLResponse:
            wanted = {name: request.query_params.get(name, "").strip() for name in FILTERS}
            hits: list[EventHit] = []
            error, status = None, 200
            try:
                found = EventFilter(**{name: value or None for name, value in wanted.items()})
                hits = await run_in_threadpool(store.events, found, PAGE_SIZE + 1, offset)
            except InputError as exc:
                error, status = str(exc).removeprefix("events: "), 400
            except NewsdeskError as exc:  # the database's: its detail (naming it) goes to the log only
                error, status = server_error(request, exc), 500
            more = len(hits) > PAGE_SIZE
            more_url = (f"/who-did-what?{urlencode({**request.query_params, 'offset': offset + PAGE_SIZE})}"
                        if more else None)
            return render(request, "who-did-what.html", status, wanted=wanted, types=EVENT_TYPES,
                          modalities=MODALITIES, hits=hits[:PAGE_SIZE], offset=offset, more_url=more_url,
                          error=error, title="Who did what")

    return extend
