"""Server-rendered pages: stories, a story's timeline, articles, search, the map, live updates.

:func:`install` adds them to the service's FastAPI app (``web/app.py``) with static files, security
headers and the login gate; the pages read the :class:`~newsdesk.store.Store` they are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NewsdeskError, StoreUnavailableError
from ..shown import as_published, shown_time
from ..statements import stated
from ..store import NameFilter, NameHit, QuoteFilter, QuoteHit, Store
from ..store.query import EVENT_TYPES, QuerySyntaxError, parse
from ..store.quotes import KINDS as QUOTE_KINDS
from ..stories.records import Story
from .apidocs import operations
from .corrections import edit_lines, note_for
from .happened import event_routes
from .listing import MAX_OFFSET, PAGE_SIZE, listing, wanted
from .marks import paragraphs_html
from .security import CsrfError, Guard, csrf_token, secure_headers, server_error
from .sse import Message, stream
from .views import SIDE_EVENTS, SIDE_QUOTES, fold_copies, pin_feature, pins_of, story_view, timeline_page

WEB = Path(str(resources.files("newsdesk") / "web"))
MAX_HITS = 200  # the most hits one search page shows
MAP_DEVELOPMENTS = 5000  # the newest developments the map shows
FILTERS = ("person", "org", "place", "said", "event", "source", "since", "until")
QUOTE_FILTERS = ("speaker", "q", "kind", "since", "until", "stances")
YES = ("1", "true", "on", "yes")  # a box ticked (``stances=1``), as the API reads a bool
PEOPLE_KINDS = (("person", "People"), ("org", "Organisations"), ("place", "Places"), ("group", "Groups"),
                ("any", "Any"))


class LoginNeededError(Exception):
    """A page was asked for without a session where logins are needed."""


def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(WEB / "templates"))  # autoescapes .html
    found.env.globals["csrf_token"] = csrf_token
    found.env.filters["http_url"] = http_url
    found.env.filters["host"] = host
    found.env.filters["when"] = when
    found.env.filters["as_published"] = as_published  # the outlet's own clock, beside the UTC time
    return found


def when(value: str | None) -> str:
    """A stored time for people: in UTC and saying so, as everywhere (``newsdesk/shown.py``)."""
    return shown_time(value)


def host(url: str) -> str:
    """An article link's site name; the link as it is where it names none or cannot be read (an
    unclosed ``[`` of an IPv6 address made ``urlsplit`` raise: the story page was a 500)."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def http_url(url: str | None) -> str | None:
    """Only http(s) links from article data reach an href (no javascript: or data: URLs)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


Render = Callable[..., HTMLResponse]
Live = Callable[[Request], Callable[[], list[Message]] | None]
Extension = Callable[[APIRouter, Render], None]


def page_router(store: Store, guard: Guard, views: Jinja2Templates, live: Live | None = None,
                extensions: Sequence[Extension] = ()) -> APIRouter:
    """The pages that need a session (any page when ``guard.local``); ``extensions`` add more."""

    def signed_in(request: Request) -> str:
        user = guard.user(request)
        if user is None:
            raise LoginNeededError()
        request.state.user = user
        return user

    router = APIRouter(dependencies=[Depends(signed_in)], default_response_class=HTMLResponse)

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("title", None)
        return views.TemplateResponse(request, name, {"guard": guard, **context}, status_code=status)

    @router.get("/", name="stories")
    async def stories(request: Request, page: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
        found = await run_in_threadpool(store.stories, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        return render(request, "stories.html", stories=found[:PAGE_SIZE], page=page,
                      more=len(found) > PAGE_SIZE, title="Stories")

    @router.get("/stories/{story_id}", name="story")
    async def story(request: Request, story_id: str, page: int = Query(1, ge=1, le=100_000),
                    moved: str | None = None, came: str | None = Query(None, alias="from"),
                    merged: str | None = None, undone: str | None = None) -> HTMLResponse:
        found = await run_in_threadpool(store.story, story_id)
        if found is None:
            return render(request, "error.html", 404, message=f"No story with id {story_id}.", title="Not found")
        view = await run_in_threadpool(story_view, found, store.get)
        note = await run_in_threadpool(note_for, store, found, moved, merged, came, undone)  # after a correction
        edits = await run_in_threadpool(edit_lines, store, found)
        return render(request, "story.html", view=view, title=found.title, shown=timeline_page(view.timeline, page),
                      note=note, edits=edits, came=came if note and came and came != found.id else None,
                      side_quotes=SIDE_QUOTES, side_events=SIDE_EVENTS, pins=[pin_feature(p) for p in view.pins])

    @router.get("/articles/{article_id}", name="article")
    async def article(request: Request, article_id: str) -> Response:
        found = await run_in_threadpool(store.get, article_id)
        if found is None:  # a shortened id, as `newsdesk search` prints them (`show` and the API take one)
            try:
                full = await run_in_threadpool(store.resolve_id, article_id)
            except InputError as exc:  # an ambiguous or unknown prefix (a database failure is a 500)
                reason = exc.reason if "ambiguous" in exc.reason else f"No article with id {article_id}."
                return render(request, "error.html", 404, message=reason[:1].upper() + reason[1:],
                              title="Not found")
            return RedirectResponse(f"/articles/{quote(full)}", status_code=303)
        story_id = await run_in_threadpool(store.story_of, found.id)
        # "Who said what" in words holds statements only, as on the story page: a stance on a thing
        # ("blocked [a no-confidence vote]") read as words the speaker said; the text keeps it marked.
        # A quote stored without its cue (imported records) is kept: nothing says it is a stance
        said = [q for q in found.quotes if stated(q.text, q.kind, q.cue)]
        return render(request, "article.html", article=found, paragraphs=paragraphs_html(found),
                      story_id=story_id, said=said, title=found.title)

    @router.get("/search", name="search")
    async def search(request: Request, q: str = "", limit: int = Query(30, ge=1, le=MAX_HITS)) -> HTMLResponse:
        filters = {name: request.query_params.get(name, "").strip() for name in FILTERS}
        text = " ".join([q.strip()] + [f'{name}:"{value.replace(chr(34), "")}"'
                                       for name, value in filters.items() if value]).strip()
        hits, error, status = [], None, 200
        if text:
            try:  # one more than shown: "30 results" when hundreds match was a wrong number
                hits = await run_in_threadpool(store.search, parse(text), limit + 1)
            except QuerySyntaxError as exc:
                error, status = exc.reason, 400
            except InputError as exc:
                error, status = str(exc), 400
            except StoreUnavailableError:  # the app's 503 (app.py), not a search error
                raise
            except NewsdeskError as exc:  # the database's: its detail (naming it) goes to the log only
                error, status = server_error(request, exc), 500
        more = len(hits) > limit
        hits = hits[:limit]
        wider = min(MAX_HITS, limit * 4) if more and limit < MAX_HITS else None
        more_url = f"/search?{urlencode({**request.query_params, 'limit': wider})}" if wider else None
        return render(request, "search.html", status, q=q, filters=filters, query=text, more=more, more_url=more_url,
                      event_types=EVENT_TYPES,
                      hits=hits, results=fold_copies(hits), error=error,
                      title=f"Search: {text}" if text else "Search")

    @router.get("/quotes", name="quotes")
    async def quotes(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
        asked = wanted(request, QUOTE_FILTERS)

        def fetch(limit: int, skip: int, cursor: str | None = None) -> list[QuoteHit]:
            return store.quotes(QuoteFilter(speaker=asked["speaker"] or None, words=asked["q"] or None,
                                            kind=asked["kind"] or None, since=asked["since"] or None,
                                            until=asked["until"] or None, after=cursor,
                                            stances=asked["stances"].lower() in YES), limit, skip)

        found = await listing(request, asked, offset, fetch, "quotes", lambda limit, cursor: fetch(limit, 0, cursor))
        speaker = asked["speaker"]
        return render(request, "quotes.html", found.status, **found.context(), kinds=QUOTE_KINDS,
                      title=f"Quotes: {speaker}" if speaker else "Who said what")

    @router.get("/people", name="people")
    async def people(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
        asked = wanted(request, ("name", "type", "since", "until"))
        asked["type"] = asked["type"] or "person"
        window: str | None = None

        def fetch(limit: int, skip: int, cursor: str | None = None) -> list[NameHit]:
            nonlocal window
            if not (asked["name"] or asked["since"] or asked["until"]):  # the last month of news, not all time
                window = _month_before_newest(store)
            return store.entities(NameFilter(type=None if asked["type"] == "any" else asked["type"],
                                             name=asked["name"] or None, since=asked["since"] or window,
                                             until=asked["until"] or None, after=cursor), limit, skip)

        found = await listing(request, asked, offset, fetch, "entities", lambda limit, cursor: fetch(limit, 0, cursor))
        return render(request, "people.html", found.status, **found.context(), kinds=PEOPLE_KINDS, window=window,
                      title="Who is who")

    @router.get("/map", name="map")
    async def map_page(request: Request, story: str = "", place: str = "") -> HTMLResponse:
        # ?story= shows one story's pins: where an event's place links (?place= opens that pin), since the
        # map of every story holds the newest developments only and an older event's place was not on it
        found = await run_in_threadpool(store.story, story) if story else None
        if story and found is None:
            return render(request, "error.html", 404, message=f"No story with id {story}.", title="Not found")
        return render(request, "map.html", story=found, place=place.strip(),
                      title=f"Map: {found.title or found.id}" if found else "Map")

    @router.get("/map/pins.json", name="pins", response_class=JSONResponse)
    async def pins(story: str | None = None) -> dict[str, Any]:
        """Pins as GeoJSON: one story's, or those of the newest developments of every story."""
        if story:
            found = await run_in_threadpool(store.story, story)
            return {"type": "FeatureCollection", "features": [pin_feature(p) for p in pins_of(found)] if found else []}
        features = await run_in_threadpool(_recent_pins, store)
        return {"type": "FeatureCollection", "features": features}

    @router.get("/events", name="events", response_class=StreamingResponse)
    async def events(request: Request) -> StreamingResponse:
        extra = live(request) if live else None
        return StreamingResponse(stream(request, store, extra), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    for extend in (event_routes(store), *extensions):
        extend(router, render)
    return router


def _recent_pins(store: Store) -> list[dict[str, Any]]:
    latest = store.latest_development()
    devs = store.developments_after(max(0, latest - MAP_DEVELOPMENTS), MAP_DEVELOPMENTS)
    by_story: dict[str, list[Any]] = {}
    for dev in devs:
        if dev.kind == "event":
            by_story.setdefault(dev.story_id, []).append(dev)
    # one read for every story's title: a story() load each, for those past the 200 newest, took 4 s on
    # PostgreSQL after a bulk load
    titles = store.story_titles(by_story)
    features: list[dict[str, Any]] = []
    for story_id, story_devs in by_story.items():
        story = Story(story_id, titles.get(story_id) or "Story", "", "", developments=tuple(story_devs))
        features.extend(pin_feature(p) for p in pins_of(story))
    return features


def public_router(guard: Guard, views: Jinja2Templates) -> APIRouter:
    """Login, logout and the service worker (which must be served from the root to control every page)."""
    from .login import login_routes

    router = APIRouter()
    login_routes(router, guard, views)

    @router.get("/api/docs", include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        """The API's reference, from its OpenAPI schema (Swagger UI came from a CDN: blank offline)."""
        ops = operations(request.app.openapi())
        return views.TemplateResponse(request, "api-docs.html", {"guard": guard, "title": "JSON API", "ops": ops})

    @router.get("/sw.js", include_in_schema=False)
    async def service_worker() -> FileResponse:
        return FileResponse(WEB / "static" / "sw.js", media_type="text/javascript",
                            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})

    return router


def install(app: FastAPI, store: Store, guard: Guard | None = None, live: Live | None = None,
            extensions: Sequence[Extension] = ()) -> None:
    """Add the pages to ``app``: routers, ``/static``, security headers, the login redirect."""
    guard = guard or Guard()
    views = templates()
    app.include_router(public_router(guard, views), include_in_schema=False)
    app.include_router(page_router(store, guard, views, live, extensions), include_in_schema=False)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.middleware("http")(secure_headers)

    async def to_login(request: Request, exc: Exception) -> Response:
        if request.url.path == "/events":  # a stream cannot follow a redirect to a page: say why it stops
            return JSONResponse({"error": "log in to follow live updates"}, status_code=401)
        # the whole address, query included: a search link opened the search page empty after the login
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)

    async def bad_form(request: Request, exc: Exception) -> Response:
        body = views.get_template("error.html").render(request=request, guard=guard, title="Form refused",
                                                       message=str(exc))
        return HTMLResponse(body, status_code=403)

    def error_page(request: Request, status: int, message: str) -> HTMLResponse:
        title = {404: "Not found", 503: "Database unreachable"}.get(status, "Cannot show this")
        body = views.get_template("error.html").render(request=request, guard=guard, title=title, message=message)
        return HTMLResponse(body, status_code=status)

    app.state.error_page = error_page  # the app's error handlers answer a browser with a page (app.py)
    app.add_exception_handler(LoginNeededError, to_login)
    app.add_exception_handler(CsrfError, bad_form)


def _month_before_newest(store: Store) -> str | None:
    """The day 30 days before the newest stored article's (the people page's default window)."""
    newest = store.newest_published()
    if not newest:
        return None
    try:
        day = dt.date.fromisoformat(newest[:10])
    except ValueError:
        return None
    return (day - dt.timedelta(days=30)).isoformat()
