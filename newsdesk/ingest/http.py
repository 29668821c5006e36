"""The HTTP client: safe (see :mod:`.safety`), bounded, and — for monitoring — polite.

One :class:`Fetcher` per process, shared by threads. Each request: every hop's URL is checked
(scheme, resolved address) and so is the address each connection reached, before the request
goes out on it; redirects are followed up to ``max_redirects``; the body is read raw and decoded
here (gzip, deflate, brotli) under the size cap and within ``fetch_timeout`` in all. A polite
fetcher also obeys robots.txt and paces each host (:mod:`.polite`), and can make conditional
requests (ETag / Last-Modified → 304).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from ..errors import FetchError, HTTPStatusError, PausedError
from ..settings import Settings
from .bodies import ACCEPT_ENCODING, read_body
from .polite import HostGate, RobotsCache
from .safety import check_url, safe_client, without_password

ROBOTS_MAX_BYTES = 500_000


@dataclass(frozen=True)
class Response:
    """A successful answer: 200 with its body, or 304 (not modified) with none."""

    url: str  # where the body came from, after redirects
    status: int
    body: bytes = b""
    media_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # ``url`` when every redirect to it was permanent (301, 308): the new address

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# What a site answers while it is down or busy, and what the network does meanwhile: worth another try
# later, whatever the number of tries (a page that is not there, or refused, is not).
_TRANSIENT_STATUSES = frozenset({408, 425, 429})
_TRANSIENT_REASONS = ("timed out", "too slow", "robots.txt cannot be fetched", "not asked for",
                      *(f"fetch failed ({name}" for name in ("ConnectError", "ReadError", "WriteError",
                                                            "RemoteProtocolError", "ReadTimeout", "ConnectTimeout",
                                                            "PoolTimeout", "NetworkError")))


def transient(error: BaseException) -> bool:
    """Whether a fetch failed for a while only: the server down or busy (5xx, 408, 425, 429), the
    connection refused, reset or cut, the answer too slow, robots.txt out of reach."""
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status in _TRANSIENT_STATUSES
    return isinstance(error, FetchError) and error.reason.startswith(_TRANSIENT_REASONS)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class Fetcher:
    """Fetch URLs safely; ``polite`` adds robots.txt and per-host pacing (for the monitor)."""

    def __init__(self, settings: Settings, *, polite: bool = False, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self._client = safe_client(settings, timeout=settings.fetch_timeout, follow_redirects=False,
                                   transport=transport,
                                   headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                                   limits=httpx.Limits(max_connections=max(10, settings.fetch_workers * 2)))
        self._gate = HostGate(settings.host_delay, settings.host_concurrency, settings.max_backoff) if polite else None
        self._robots = (RobotsCache(self._robots_txt, settings.user_agent, self._gate)
                        if polite and settings.respect_robots else None)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None, before: Callable[[str], None] | None = None) -> Response:
        """GET ``url``: a 200 :class:`Response`, or 304 when the validators still hold.

        ``before(url)`` is called for each request once its host's turn has come (pacing), just
        before it goes out; it may raise a FetchError to send none.
        Raises :class:`HTTPStatusError` for an error status, :class:`FetchError` for anything else,
        both naming ``url``.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        shown = without_password(url)  # errors name the URL, not its login
        try:
            return self._get(url, headers, max_bytes or self.settings.max_input_bytes, robots=True, before=before)
        except FetchError as exc:
            exc.input = shown
            raise
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s", input=shown) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"fetch failed ({type(exc).__name__}: {exc})", input=shown) from None
        except (httpx.InvalidURL, UnicodeError) as exc:  # httpx parses a redirect's Location itself (IDNA)
            raise FetchError(f"fetch failed (a bad URL: {exc})", input=shown) from None

    def _get(self, url: str, headers: dict[str, str], limit: int, *, robots: bool,
             before: Callable[[str], None] | None = None) -> Response:
        deadline = time.monotonic() + self.settings.fetch_timeout
        current = url
        permanent: bool | None = None  # every redirect so far permanent (None: no redirect yet)
        for _ in range(self.settings.max_redirects + 1):
            check_url(current, self.settings, url)
            paused = self._gate.paused(current) if self._gate is not None else 0.0
            if paused > 0:  # before robots.txt too: its fetch refused would leave the site alone 10 minutes
                raise PausedError(f"not asked for: the site asked for a pause (Retry-After) of {paused:.0f} s more")
            if robots and self._robots is not None:
                self._robots.check(current)
            turn = self._turn(current, before)
            with turn as waited, self._client.stream("GET", current, headers=headers) as response:
                deadline += waited  # a Crawl-delay longer than fetch_timeout made every later fetch "too slow"
                if response.is_redirect and "location" in response.headers:
                    try:
                        current = urljoin(current, response.headers["location"])
                    except ValueError as exc:
                        raise FetchError(f"a bad redirect ({exc})") from None
                    permanent = permanent is not False and response.status_code in (301, 308)
                    continue
                moved = str(response.url) if permanent else None
                if response.status_code == 304:
                    return Response(str(response.url), 304, etag=response.headers.get("etag"),
                                    last_modified=response.headers.get("last-modified"), moved_to=moved)
                if response.status_code >= 400:
                    wait = retry_after(response.headers.get("retry-after"))
                    # 429 is the site asking this client to slow down: a pause for the whole site. A 503 may be
                    # one feed or page being down (a newspaper's other feeds answer): that one waits alone
                    if wait is not None and response.status_code == 429 and self._gate is not None:
                        self._gate.pause(current, wait)
                    raise HTTPStatusError(response.status_code, retry_after=wait)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"larger than {limit} bytes")
                body = read_body(response.iter_raw(), response.headers.get("content-encoding", ""), limit, deadline)
                media_type = response.headers.get("content-type", "").split(";")[0].strip().lower() or None
                return Response(str(response.url), response.status_code, body, media_type,
                                response.charset_encoding, response.headers.get("etag"),
                                response.headers.get("last-modified"), moved)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    @contextmanager
    def _turn(self, url: str, before: Callable[[str], None] | None) -> Iterator[float]:
        """The host's turn (see :meth:`_paced`), then ``before(url)``; gives the seconds waited for the turn."""
        with self._paced(url) as waited:
            if before is not None:
                before(url)
            yield waited

    def _paced(self, url: str) -> AbstractContextManager[float]:
        return self._gate.slot(url) if self._gate is not None else nullcontext(0.0)

    def _robots_txt(self, url: str) -> bytes:
        try:
            return self._get(url, {}, ROBOTS_MAX_BYTES, robots=False).body
        except httpx.HTTPError as exc:
            raise FetchError(f"fetch failed ({type(exc).__name__})", input=url) from None

    def paused(self, url: str) -> float:
        """Seconds the URL's site asked to be sent nothing for yet (a 429's Retry-After); 0 when none."""
        return self._gate.paused(url) if self._gate is not None else 0.0

    def pause(self, url: str, seconds: float) -> None:
        """Send the URL's site nothing for ``seconds`` (a pause it asked for before a restart); polite only."""
        if self._gate is not None and seconds > 0:
            self._gate.pause(url, seconds)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
