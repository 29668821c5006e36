"""A real HTTP server on loopback for the fetch, feed and monitor tests, and settings that may reach it.

``Site`` serves a dict of routes: a path maps to a :class:`Page` (status, headers, body) or to a
function of the request giving one. Every request is recorded (path, headers, time), so tests
can check conditional GETs, robots.txt, pacing and what was never fetched.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message

from newsdesk.settings import Settings

LOOPBACK = "127.0.0.0/8"


@dataclass(frozen=True)
class Page:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    type: str = "text/html; charset=utf-8"
    drip: float = 0.0  # seconds between bytes: a slow server


@dataclass(frozen=True)
class Request:
    path: str
    headers: Message
    at: float


Route = Page | Callable[[Request], Page]


class Site:
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Request] = []
        self.url = ""

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def handle(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        request = Request(handler.path, handler.headers, time.monotonic())
        self.requests.append(request)
        route = self.routes.get(handler.path) or self.routes.get(handler.path.split("?")[0])
        page = Page("not here", 404) if route is None else route if isinstance(route, Page) else route(request)
        body = page.body.encode() if isinstance(page.body, str) else page.body
        handler.send_response(page.status)
        headers = {"Content-Type": page.type, **page.headers}
        if not page.drip:
            headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        try:
            if page.drip:
                for i in range(len(body)):
                    handler.wfile.write(body[i:i + 1])
                    handler.wfile.flush()
                    time.sleep(page.drip)
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; ``site.url`` is its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stalls

        def do_GET(self) -> None:
            site.handle(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client hanging up (a killed process, a refused body) is not news

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def loopback_settings(**changes: object) -> Settings:
    """Settings that may fetch from loopback, fast: no pacing, short timeouts."""
    values: dict[str, object] = {"allowed_networks": LOOPBACK, "host_delay": 0.0, "fetch_timeout": 5.0}
    values.update(changes)
    return Settings.load(environ={}, **values)


def article_page(n: int, *, canonical: str | None = None, title: str | None = None, body: str | None = None) -> str:
    """A small news page about story ``n``."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    heading = title or f"Harbour story {n}"
    text = body or "".join(
        f"<p>Story {n}, paragraph {p}: the harbour board met on Monday to discuss the new sea wall, and "
        f"residents of quarter {n} asked for more time to read the plans before the vote.</p>" for p in range(3))
    return (f"<!doctype html><html><head><title>{heading}</title>{link}</head><body><article>"
            f"<h1>{heading}</h1>{text}</article></body></html>")


def stories(numbers: int | Iterable[int], prefix: str = "/a/") -> dict[str, Route]:
    """Routes serving :func:`article_page` ``n`` at ``prefix + n``, for each n of ``numbers`` (a count: 0 to it)."""
    return {f"{prefix}{n}": Page(article_page(n)) for n in (range(numbers) if isinstance(numbers, int) else numbers)}


def rss(base: str, paths: Iterable[str], title: str = "F", *, stamp: str | None = None) -> str:
    """An RSS 2.0 feed linking ``base + path`` for each path, each item titled with its path (and dated
    ``stamp``, an RFC 822 date, when given)."""
    date = f"<pubDate>{stamp}</pubDate>" if stamp else ""
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link>{date}</item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def rss_page(base: str, paths: Iterable[str], title: str = "F", *, stamp: str | None = None) -> Page:
    """:func:`rss` served as a feed."""
    return Page(rss(base, paths, title, stamp=stamp), type="application/rss+xml")
