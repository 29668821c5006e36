"""The HTTP client against a real loopback server: encodings, caps, slow servers, redirects,
conditional requests, robots.txt and per-host pacing."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
import zlib

import brotli
import pytest
from test_monitor_support import Page, Request, Site, loopback_settings, serve

from newsdesk.errors import FetchError, HTTPStatusError
from newsdesk.ingest.http import Fetcher, retry_after
from newsdesk.settings import Settings

TEXT = "<html><body><p>" + "The harbour board met on Monday. " * 50 + "</p></body></html>"


def fetch(site: Site, path: str, settings: Settings | None = None, **kw: str) -> bytes:
    with Fetcher(settings or loopback_settings()) as fetcher:
        return fetcher.get(site.url + path, **kw).body


def test_bodies_are_decoded_whatever_the_encoding() -> None:
    raw_deflate = zlib.compressobj(wbits=-15)
    routes = {
        "/gzip": Page(gzip.compress(TEXT.encode()), headers={"Content-Encoding": "gzip"}),
        "/br": Page(brotli.compress(TEXT.encode()), headers={"Content-Encoding": "br"}),
        "/deflate": Page(zlib.compress(TEXT.encode()), headers={"Content-Encoding": "deflate"}),
        "/raw-deflate": Page(raw_deflate.compress(TEXT.encode()) + raw_deflate.flush(),
                             headers={"Content-Encoding": "deflate"}),
        "/plain": Page(TEXT),
    }
    with serve(Site(routes)) as site:
        for path in routes:
            assert fetch(site, path) == TEXT.encode(), path
        assert "br" in site.requests[0].headers["Accept-Encoding"]


def test_bombs_and_oversized_bodies_are_refused() -> None:
    big = b"<p>" + b"a" * 5_000_000 + b"</p>"
    routes = {"/gzip-bomb": Page(gzip.compress(big), headers={"Content-Encoding": "gzip"}),
              "/br-bomb": Page(brotli.compress(big), headers={"Content-Encoding": "br"}),
              "/big": Page(big),
              "/truncated": Page(gzip.compress(TEXT.encode())[:-20], headers={"Content-Encoding": "gzip"}),
              "/zstd": Page(b"x", headers={"Content-Encoding": "zstd"})}
    settings = loopback_settings(max_input_bytes=1_000_000)
    with serve(Site(routes)) as site:
        for path in ("/gzip-bomb", "/br-bomb", "/big"):
            with pytest.raises(FetchError, match="larger than 1000000 bytes") as info:
                fetch(site, path, settings)
            assert info.value.input == site.url + path
        with pytest.raises(FetchError, match="truncated gzip"):
            fetch(site, "/truncated", settings)
        with pytest.raises(FetchError, match="unsupported content encoding zstd"):
            fetch(site, "/zstd", settings)


def test_a_slow_server_is_cut_off() -> None:
    with serve(Site({"/slow": Page(TEXT, drip=0.01)})) as site:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"too slow|timed out"):  # the body, or its reads
            fetch(site, "/slow", loopback_settings(fetch_timeout=0.5))
        assert time.monotonic() - start < 3


def test_redirects_are_checked_and_limited() -> None:
    routes: dict[str, Page | object] = {
        "/loop": Page(status=302, headers={"Location": "/loop"}),
        "/private": Page(status=301, headers={"Location": "http://10.0.0.7/admin"}),
        "/moved": Page(status=301, headers={"Location": "/plain"}),
        "/plain": Page(TEXT),
        "/gone": Page(status=503, headers={"Retry-After": "120"}),
    }
    with serve(Site(routes)) as site:  # type: ignore[arg-type]
        with Fetcher(loopback_settings()) as fetcher:
            assert fetcher.get(site.url + "/moved").url == site.url + "/plain"
            with pytest.raises(FetchError, match="more than 5 redirects"):
                fetcher.get(site.url + "/loop")
            with pytest.raises(FetchError, match=r"private address \(10.0.0.7\)"):
                fetcher.get(site.url + "/private")
            with pytest.raises(HTTPStatusError) as info:
                fetcher.get(site.url + "/gone")
            assert (info.value.status, info.value.retry_after) == (503, 120.0)
        with pytest.raises(FetchError, match="private address"):
            fetch(site, "/plain", Settings.load(environ={}))


def test_conditional_requests() -> None:
    def feed(request: Request) -> Page:
        if request.headers.get("If-None-Match") == '"v1"':
            return Page(status=304)
        return Page("<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"})

    with serve(Site({"/feed": feed})) as site, Fetcher(loopback_settings()) as fetcher:
        first = fetcher.get(site.url + "/feed")
        assert (first.status, first.etag, first.last_modified) == (200, '"v1"', "Wed, 01 May 2024 10:00:00 GMT")
        second = fetcher.get(site.url + "/feed", etag=first.etag, last_modified=first.last_modified)
        assert second.not_modified and second.body == b""
        assert site.requests[1].headers["If-Modified-Since"] == first.last_modified


def test_robots_txt_is_obeyed_by_a_polite_fetcher() -> None:
    routes = {"/robots.txt": Page("User-agent: *\nDisallow: /private/\n\nUser-agent: newsdesk\nDisallow: /ours/\n",
                                  type="text/plain"),
              "/private/a": Page(TEXT), "/ours/a": Page(TEXT), "/open": Page(TEXT)}
    with serve(Site(routes)) as site:
        with Fetcher(loopback_settings(), polite=True) as fetcher:
            assert fetcher.get(site.url + "/open").body
            assert fetcher.get(site.url + "/private/a").body  # the rules for us replace the * group
            with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
                fetcher.get(site.url + "/ours/a")
        assert site.paths().count("/robots.txt") == 1 and "/ours/a" not in site.paths()
        with Fetcher(loopback_settings()) as impolite:  # one-off fetches of a URL given by the user
            assert impolite.get(site.url + "/ours/a").body


def test_missing_and_broken_robots_txt() -> None:
    with serve(Site({"/a": Page(TEXT)})) as site, Fetcher(loopback_settings(), polite=True) as fetcher:
        assert fetcher.get(site.url + "/a").body  # 404 robots.txt: everything allowed
    with serve(Site({"/a": Page(TEXT), "/robots.txt": Page(status=500)})) as site:
        with Fetcher(loopback_settings(), polite=True) as fetcher, pytest.raises(FetchError, match=r"robots\.txt"):
            fetcher.get(site.url + "/a")
        with Fetcher(loopback_settings(respect_robots=False), polite=True) as fetcher:
            assert fetcher.get(site.url + "/a").body


def test_pacing_per_host() -> None:
    routes = {f"/{n}": Page(TEXT) for n in range(3)}
    routes["/robots.txt"] = Page("User-agent: *\nCrawl-delay: 1\n", type="text/plain")
    with serve(Site(routes)) as site, Fetcher(loopback_settings(host_delay=0.1), polite=True) as fetcher:
        threads = [threading.Thread(target=fetcher.get, args=(f"{site.url}/{n}",)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times = sorted(r.at for r in site.requests if r.path != "/robots.txt")
        assert len(times) == 3
        # Arrival times carry the server thread's scheduling noise (a busy 2-core CI machine): each gap
        # is clearly paced (unpaced requests arrive together) and the whole span is two delays.
        assert all(b - a >= 0.8 for a, b in itertools.pairwise(times)), times
        assert times[-1] - times[0] >= 1.9, times


def test_retry_after_forms() -> None:
    assert retry_after("30") == 30.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert 0 <= (retry_after("Wed, 01 May 2999 10:00:00 GMT") or 0) > 1e9
