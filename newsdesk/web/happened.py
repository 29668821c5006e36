"""The "who did what" page: stored PLOVER events by type, party, place, modality and date, the
latest first (``Store.events``; the CLI's ``newsdesk events``, the API's ``/api/events``)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import EventFilter, EventHit, Store
from ..store.events import MODALITIES
from ..store.query import EVENT_TYPES
from .listing import MAX_OFFSET, listing, wanted

FILTERS = ("type", "party", "place", "modality", "since", "until")


def event_routes(store: Store) -> Callable[[APIRouter, Callable[..., HTMLResponse]], None]:
    """Routes for :func:`~newsdesk.web.pages.page_router` (behind its login gate)."""

    def extend(router: APIRouter, render: Callable[..., HTMLResponse]) -> None:
        @router.get("/who-did-what", name="who_did_what")
        async def who_did_what(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
            asked = wanted(request, FILTERS)

            def fetch(limit: int, skip: int, cursor: str | None = None) -> list[EventHit]:
                chosen = {name: value or None for name, value in asked.items()}
                return store.events(EventFilter(**chosen, after=cursor), limit, skip)

            found = await listing(request, asked, offset, fetch, "events",
                                  lambda limit, cursor: fetch(limit, 0, cursor))
            return render(request, "who-did-what.html", found.status, **found.context(), types=EVENT_TYPES,
                          modalities=MODALITIES, title="Who did what")

    return extend
