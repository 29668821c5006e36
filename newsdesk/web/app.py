"""The FastAPI app of ``newsdesk run``: the JSON API under ``/api`` (OpenAPI at ``/api/openapi.json``,
its reference page at ``/api/docs``: ``web/apidocs.py``) and any extra routers (the web pages) given
to :func:`create_app`.

Access: on loopback everyone may use it; otherwise every ``/api`` request needs an API token
(``Authorization: Bearer …``) or an account (HTTP Basic). Pages bring their own login.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRouter
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..alerts.access import Access
from ..alerts.store import AlertStore
from ..errors import InputError, NewsdeskError, StoreUnavailableError
from ..settings import Settings
from ..store import Store
from . import api
from .security import BodyCap, LoopbackHost, SameOrigin, server_error
from .site import add_pages

if TYPE_CHECKING:
    from ..monitor.log import Log

UserCheck = Callable[[Request], "str | None"]
RETRY_AFTER_S = 30  # a database away: when a client (or a person) should try again
UNREACHABLE = "the database is unreachable: nothing is lost, try again in a minute"


class _NoNul:
    """A NUL character in the path (an id) or in a parameter names nothing: 404 or 400 at the door.
    PostgreSQL cannot even compare text holding one, so each lookup by such an id was a 500 there
    (SQLite answered 404). ``q`` of a search is left to the query parser, which says where the NUL is;
    elsewhere (the quotes' words) it is plain text, which PostgreSQL could not hold (a 500)."""

    PARSED = frozenset({"/search", "/api/articles"})  # where ``q`` is the query language

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            if "\x00" in scope.get("path", ""):
                await JSONResponse({"error": "not found (a NUL character in the path)"}, 404)(scope, receive, send)
                return
            query = scope.get("query_string", b"").decode("latin-1")
            if "%00" in query or "\x00" in query:
                parsed = scope.get("path", "") in self.PARSED
                bad = next((k for k, v in parse_qsl(query, keep_blank_values=True)
                            if "\x00" in k + v and not (parsed and k == "q")), None)
                if bad is not None:
                    await JSONResponse({"error": f"{bad}: a NUL character"}, 400)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class _Head:
    """HEAD answers as GET does, without the body (``curl -I``, link checkers, uptime monitors): FastAPI's
    routes take GET alone, so every HEAD was a 405. The headers are GET's, Content-Length included; a
    stream (the live updates) ends at its headers."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def headers_only(message: Any) -> None:
            nonlocal done
            if done:
                return
            if message["type"] == "http.response.body":
                done = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _page_error(request: Request, status: int, message: str) -> Response | None:
    """The error as a page, for a browser that asked for one outside ``/api`` (a mistyped address, a
    ``?page=0``): raw JSON there is a dead end with no way back to the site. None: answer JSON."""
    render = getattr(request.app.state, "error_page", None)
    if render is None or request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return None
    page: Response = render(request, status, message)
    return page


def require_user(request: Request) -> str:
    """The caller (``local`` on loopback); 401 when credentials are needed and missing or wrong."""
    access: Access = request.app.state.access
    user = access.user(request.headers.get("authorization"))
    for other in request.app.state.users:  # e.g. the pages' session cookie
        user = user or other(request)
    if user is None:
        raise HTTPException(401, "log in: an API token (Authorization: Bearer …) or an account (Basic)",
                            headers={"WWW-Authenticate": 'Basic realm="newsdesk"'})
    return user


def create_app(store: Store, *, local: bool = True, settings: Settings | None = None,
               routers: Sequence[APIRouter] = (), users: Sequence[UserCheck] = (), log: Log | None = None) -> FastAPI:
    """The app over ``store``; ``local`` False when it listens beyond loopback (logins needed);
    ``routers`` are included as they are (the pages router, mounted at ``/``); ``users``: more ways
    to tell an API caller (e.g. the pages' session cookie), tried after tokens and accounts; ``log``:
    where a 500's detail goes (``newsdesk run``'s log, in its format), else stderr."""
    app = FastAPI(title="newsdesk", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Stories, articles, quotes, events, watches and alerts.")
    alerts = AlertStore(store)
    app.state.store = store
    app.state.alerts = alerts
    app.state.settings = settings or Settings()
    app.state.log = log
    app.state.access = Access(alerts, local)
    app.state.users = tuple(users)
    app.add_middleware(_NoNul)
    app.add_middleware(_Head)
    app.include_router(api.router, prefix="/api", dependencies=[Depends(require_user)])
    for router in routers:
        app.include_router(router)
    add_pages(app, store, alerts, app.state.access, local)  # the server-rendered pages (#8)
    app.add_middleware(SameOrigin)  # no cross-site POST, PUT or DELETE (pages and API alike)
    if local:
        app.add_middleware(LoopbackHost)  # no DNS rebinding: a browser comes by a loopback name
    app.add_middleware(BodyCap, limit=app.state.settings.max_request_bytes)  # added last: outermost

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(request: Request, exc: NewsdeskError) -> Response:
        if isinstance(exc, InputError):  # the caller's input: they are told what is wrong with it
            return JSONResponse({"error": str(exc)}, status_code=400)
        if isinstance(exc, StoreUnavailableError):  # the server is away, not broken: 503, a client retries
            server_error(request, exc)  # its detail (naming the database) to the log only
            retry = {"Retry-After": str(RETRY_AFTER_S)}
            page = _page_error(request, 503, "The database is unreachable just now. Nothing is lost: try again "
                                             "in a minute (reload this page).")
            if page is not None:
                page.headers.update(retry)
                return page
            return JSONResponse({"error": UNREACHABLE}, status_code=503, headers=retry)
        return JSONResponse({"error": server_error(request, exc)}, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # every error answer has the same shape: {"error": "..."} (a 401 keeps its WWW-Authenticate)
        missing = f"No page at {request.url.path}." if exc.status_code == 404 else str(exc.detail)
        page = _page_error(request, exc.status_code, missing)
        if page is not None:
            return page
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # "error" says it in one line; "detail" is FastAPI's own list. ASCII JSON: the input it echoes
        # may hold a lone surrogate ("\ud800" is valid JSON), which would make rendering the 422 fail.
        # A body that is not UTF-8 comes back as its bytes, which FastAPI's encoder decodes strictly (a 500).
        errors = jsonable_encoder(exc.errors(), custom_encoder={bytes: lambda b: b.decode("utf-8", "replace")})
        first = errors[0] if errors else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        summary = f"{where}: {first.get('msg', 'invalid request')}" if where else str(first.get("msg", "invalid"))
        if where == "body" and "json" not in request.headers.get("content-type", ""):  # FastAPI read it as text
            summary = "body: send a JSON object, with Content-Type: application/json"
        page = _page_error(request, 400, f"This address asks for something the page cannot show: "
                                         f"{where.removeprefix('query.')}: {first.get('msg', 'invalid')}.")
        if page is not None:
            return page
        return Response(json.dumps({"error": summary, "detail": errors}), status_code=422,
                        media_type="application/json")

    return app
