"""Page security: strict CSP and other headers, CSRF tokens on every form, signed session cookies.

Logins are needed only when the service listens beyond localhost (``Guard.local`` False); the
passwords themselves are checked by the accounts of the alerts issue (``Guard.check_password``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
CSRF_COOKIE = "newsdesk_csrf"
SESSION_COOKIE = "newsdesk_session"
SESSION_SECONDS = 14 * 24 * 3600
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

PasswordCheck = Callable[[str, str], bool]
SERVER_ERROR = "internal error: the server could not answer this (its log says why)"


class CsrfError(Exception):
    """A form came without the token of the page that showed it."""


@dataclass(frozen=True)
class Guard:
    """Who may see the pages: everyone on localhost, else people logged in with an account."""

    local: bool = True
    check_password: PasswordCheck | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    @classmethod
    def for_host(cls, host: str, check_password: PasswordCheck | None = None,
                 secret: bytes | None = None) -> Guard:
        return cls(host in LOCAL_HOSTS, check_password, secret or secrets.token_bytes(32))

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    def session_cookie(self, user: str, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_SECONDS)
        body = f"{user}|{expires}"
        return f"{body}|{self._sign(body)}"

    def user(self, request: Request) -> str | None:
        """The logged-in user, or ``"local"`` when no login is needed; None when one is needed."""
        if self.local:
            return "local"
        cookie = request.cookies.get(SESSION_COOKIE, "")
        body, _, signature = cookie.rpartition("|")
        user, _, expires = body.rpartition("|")
        if not user or not hmac.compare_digest(signature, self._sign(body)):
            return None
        return user if expires.isdigit() and int(expires) > time.time() else None

    def login(self, user: str, password: str) -> bool:
        return self.check_password is not None and self.check_password(user, password)


def server_error(request: Request, exc: Exception) -> str:
    """What a caller is shown of a failure of the server's own (its database, mostly): a generic line.
    The detail names the database (its URL, a file's path) and what failed in it, so it goes to the
    server's stderr only, on one line."""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    log = getattr(request.app.state, "log", None)
    if log is not None:
        log("http.error", "error", method=request.method, path=request.url.path, error=detail)
    else:
        print(f"newsdesk: {request.method} {request.url.path}: {detail}", file=sys.stderr, flush=True)
    return SERVER_ERROR


def csrf_token(request: Request) -> str:
    """The token forms on this page carry (kept in a cookie; a new one for a new visitor)."""
    token = getattr(request.state, "csrf", None)
    if token is None:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        request.state.csrf = token
    return str(token)


async def form_data(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form, after checking its CSRF token; raises :class:`CsrfError`."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, fields.get("csrf", "")):
        raise CsrfError("the form is out of date or came from another site; reload the page and try again")
    return fields


async def secure_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """HTTP middleware: security headers on every response, the CSRF cookie where a page made one."""
    response = await call_next(request)
    for name, value in HEADERS.items():  # /api/docs too: it is a page of ours (Swagger UI's CDN script was not)
        response.headers.setdefault(name, value)
    token = getattr(request.state, "csrf", None)
    if token is not None and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


class _TooLargeError(Exception):
    """The body has run past the cap (raised inside the app's ``receive``, caught by :class:`BodyCap`)."""


def _too_large(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return exc.subgroup(_TooLargeError) is not None
    return isinstance(exc, _TooLargeError)


class BodyCap:
    """ASGI middleware: a request body past ``limit`` bytes is answered 413, never read whole: at once
    when its Content-Length says so, else (chunked) as soon as the bytes received pass the cap. Each
    route reads its body whole before answering, so the 413 is the only answer that goes out."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for k, v in scope.get("headers", ()) if k.lower() == b"content-length"), b"")
        if declared.strip().isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = over = refused = False

        async def capped() -> Any:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    over = True
                    raise _TooLargeError
            return message

        async def watched(message: Any) -> None:
            # FastAPI turns any error while parsing a JSON body into a 400: past the cap, that answer
            # is replaced by the 413 and what the app sends after it is dropped
            nonlocal started, refused
            if refused:
                return
            if over and not started and message["type"] == "http.response.start":
                started = refused = True
                await self._refuse(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, watched)
        except Exception as exc:  # a middleware's task group may wrap it: ExceptionGroup
            if not _too_large(exc):
                raise
            if not started:  # (a route that answered before reading its body whole has had its say)
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Any, receive: Any, send: Any) -> None:
        message = f"request body larger than {self.limit} bytes (setting max_request_bytes)"
        answer: Response = JSONResponse({"error": message}, status_code=413)
        # a browser's form (a huge paste into a field) gets a page with the way back, as other errors do
        render = getattr(getattr(scope.get("app"), "state", None), "error_page", None)
        request = Request(scope)
        if render is not None and not request.url.path.startswith("/api/") \
                and "text/html" in request.headers.get("accept", ""):
            answer = render(request, 413, f"What was sent is too large (over {self.limit} bytes): "
                                          "shorten what was entered and try again.")
        answer.headers["Connection"] = "close"
        await answer(scope, receive, send)


class SameOrigin:
    """ASGI middleware: a state-changing request (not GET, HEAD, OPTIONS) sent by a browser from another
    site is refused (403). On loopback the API asks for no credentials, so any page the editor had
    open elsewhere could pause a watch by a plain cross-site POST (a form needs no CORS preflight),
    and a browser sends remembered Basic credentials along too. The browser's ``Sec-Fetch-Site`` says
    where the request came from; without it, ``Origin`` is compared with ``Host``. A client outside
    a browser (curl, a script) sends neither and passes, as do the pages' own forms and fetches."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method", "GET") not in self.SAFE and _cross_site(scope):
            answer = JSONResponse({"error": f"{scope['method']} {scope.get('path', '')}: refused, it came from "
                                            "another site's page (cross-site request)"}, status_code=403)
            await answer(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _cross_site(scope: Any) -> bool:
    headers: dict[bytes, str] = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
    fetch_site = headers.get(b"sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get(b"origin")
    if origin is None:
        return False
    try:
        return origin == "null" or urlsplit(origin).netloc.lower() != headers.get(b"host", "").lower()
    except ValueError:  # "http://[::1" (an unclosed bracket) is no origin a browser sends: refused, not a 500
        return True


class LoopbackHost:
    """ASGI middleware for a service on loopback (no logins): a browser must reach it by a loopback
    name (127.0.0.1, localhost, ::1, *.localhost). A page of another site whose name was made to
    resolve to 127.0.0.1 (DNS rebinding) is same-origin with the service in the browser, and could
    read every page and the API and add watches. A request with no browser headers (``Sec-Fetch-Site``,
    ``Origin``: curl, a script) passes whatever its Host."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers: dict[bytes, str] = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
            host = headers.get(b"host", "")
            try:
                name = urlsplit(f"//{host}").hostname or ""
            except ValueError:  # "[::1" (an unclosed bracket) names no host: refused below, not a 500
                name = ""
            browser = b"sec-fetch-site" in headers or b"origin" in headers
            if browser and not (name in LOCAL_HOSTS or name.endswith(".localhost")):
                message = (f"{host}: refused, this service listens on loopback without logins and answers a "
                           "browser only at 127.0.0.1 or localhost")
                answer = JSONResponse({"error": message}, status_code=403)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
