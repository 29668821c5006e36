"""The sources page: what the monitor follows, how each fared, and a form to add or remove one.

Only web addresses are taken here: a page must not make the service read files on its own disk
(folders and WARC files are added with ``newsdesk source add`` by whoever runs it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NewsdeskError
from ..monitor import source_target
from ..store import Source, Store
from .security import form_data

WEB_KINDS = ("auto", "feed", "sitemap", "page")


def add_from_form(store: Store, url: str, kind: str) -> tuple[Source, bool]:
    """The source a form names (a feed, sitemap or page URL), added unless it is there; (source, added)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise InputError("a source here is an http:// or https:// address (add files and folders with "
                         "newsdesk source add)", input=url or "(empty)")
    if kind not in WEB_KINDS:
        raise InputError(f"unknown kind {kind!r} (use one of {', '.join(WEB_KINDS)})", input=url)
    target, found = source_target(url, kind)
    existing = store.get_source(target)
    return (existing, False) if existing is not None else (store.add_source(target, found), True)


def source_routes(store: Store) -> Callable[[APIRouter, Callable[..., HTMLResponse]], None]:
    """Routes for :func:`~newsdesk.web.pages.page_router` (behind its login gate)."""

    def extend(router: APIRouter, render: Callable[..., HTMLResponse]) -> None:
        async def listing(request: Request, status: int = 200, error: str | None = None, url: str = "",
                          added: str | None = None, known: str | None = None) -> HTMLResponse:
            sources = await run_in_threadpool(store.list_sources)
            now = datetime.now(UTC).isoformat(timespec="microseconds")  # as the monitor stamps paused_until
            paused = {s.id for s in sources if (s.paused_until or "") > now}  # its site asked: no failure
            failing = sum(1 for s in sources if s.error_count and s.id not in paused)
            named = {str(s.id): s.url for s in sources}
            note = (f"Added {named[added]}: the monitor checks it at its next pass." if added in named else
                    f"Already followed: {named[known]}." if known in named else None)
            return render(request, "sources.html", status, sources=sources, failing=failing, paused=paused,
                          error=error, url=url, note=note, kinds=WEB_KINDS, title="Sources")

        @router.get("/sources", name="sources")
        async def sources_page(request: Request, added: str | None = None, known: str | None = None) -> HTMLResponse:
            return await listing(request, added=added, known=known)

        @router.post("/sources", name="add_source")
        async def add_source(request: Request) -> Response:
            fields = await form_data(request)
            try:
                source, new = await run_in_threadpool(add_from_form, store, fields.get("url", ""),
                                                      fields.get("kind", "auto"))
            except NewsdeskError as exc:
                return await listing(request, 400, str(exc), fields.get("url", ""))
            key = "added" if new else "known"
            return RedirectResponse(f"/sources?{key}={source.id}#src-{source.id}", status_code=303)

        @router.post("/sources/{source_id}/delete", name="delete_source")
        async def delete_source(request: Request, source_id: int) -> Response:
            await form_data(request)
            if not await run_in_threadpool(store.remove_source, source_id):  # (another tab removed it)
                return render(request, "error.html", 404, title="Not found",
                              message=f"No source with id {source_id}: it was removed (see the sources).")
            return RedirectResponse("/sources", status_code=303)

    return extend
