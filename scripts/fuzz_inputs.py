"""Fuzz the input parsers (#2, #9): mutated real inputs through the library's entry points and the CLI.

Not run in CI (tests/test_fuzz_inputs.py holds the small derandomised property test and the regression
inputs). The contract checked: bad input raises a newsdesk.errors exception (or reads), never another
exception, never a hang, never a memory blow-up. Each input runs in a forked child, under a time limit
(--timeout) and an address-space cap (--memory MiB), so a hang or a blow-up is caught and named.

    python scripts/fuzz_inputs.py --seconds 300 --seed 1 --out /tmp/fuzz
    python scripts/fuzz_inputs.py --seconds 60 --cli 40      # also 40 runs of the CLI on mutated files

Seeds: the demo pages (newsdesk/demo), tests/data/walk_extract, ../shared's example and extraction
pages where present, and feeds, sitemaps, OPML, MHTML, JSON lines, WARC (.warc, .warc.gz, .warc.zst)
and WACZ files built here. Every failure is written under --out (its input, the target, the traceback),
minimised by chunk removal, and summed up by target and signature at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import random
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.errors import NewsdeskError
from newsdesk.extract import extract
from newsdesk.ingest import load
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.fetch import fetched_page
from newsdesk.ingest.http import Fetcher
from newsdesk.ingest.opml import read_opml
from newsdesk.ingest.warc import warc_index, warc_pages
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
SETTINGS = Settings.load(environ={}, max_input_bytes=2_000_000, fetch_timeout=5.0, allowed_networks="127.0.0.0/8")

# ---------------------------------------------------------------- seeds


def _pages() -> list[bytes]:
    found = [p.read_bytes() for p in sorted((ROOT / "tests/data/walk_extract").glob("*.html"))]
    html = SHARED / "bench/extraction/html"
    if html.is_dir():
        found += [gzip.decompress(p.read_bytes()) for p in sorted(html.glob("*.html.gz"))[:12]]
    return found


def _dumps() -> list[bytes]:
    found = [p.read_bytes() for p in sorted((ROOT / "newsdesk/demo/articles").glob("*.txt"))[:6]]
    found.append((ROOT / "newsdesk/demo/cbs-kyiv-talks.txt").read_bytes())
    return found


RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk &amp; co</title>
<item><title>One</title><link>https://news.example.com/1</link><pubDate>Mon, 06 May 2024 07:08:09 GMT</pubDate></item>
<item><title>Two</title><guid isPermaLink="true">https://news.example.com/2</guid></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>E</title><link href="/3"/><updated>2024-05-06T07:08:09Z</updated><id>x</id></entry></feed>"""
RDF = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example.com/"><title>R</title></channel>
<item rdf:about="https://news.example.com/4"><title>F</title><link>https://news.example.com/4</link></item></rdf:RDF>"""
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/5</loc><lastmod>2024-05-06</lastmod><news:news><news:publication_date>
2024-05-06T07:08:09Z</news:publication_date><news:title>T</news:title></news:news></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>
<loc>https://news.example.com/s1.xml</loc></sitemap></sitemapindex>"""
JSONFEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
    {"id": "1", "url": "https://news.example.com/6", "title": "six", "date_published": "2024-05-06T07:08:09Z"},
]}).encode()
TEXTMAP = b"https://news.example.com/7\nhttps://news.example.com/8\n"
OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="cat"><outline type="rss" text="A" xmlUrl="https://a.example.com/rss"/></outline>
<outline type="link" url="https://b.example.com/" newsdeskKind="page" text="B"/></body></opml>"""
LISTINGS = [RSS, ATOM, RDF, SITEMAP, INDEX, JSONFEED, TEXTMAP]


def _mhtml(html: bytes) -> bytes:
    return (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example.com/m\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
            b"\tboundary=\"----B\"\r\n\r\n------B\r\nContent-Type: text/html\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://news.example.com/m\r\n\r\n"
            + html.replace(b"=", b"=3D") + b"\r\n------B--\r\n")


def _warc(pages: list[bytes], gzipped: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"}))
    for n, body in enumerate(pages):
        url = f"https://news.example.com/w{n}"
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        encoding = [("Content-Encoding", "gzip")] if n == 1 else []
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *encoding],
                                protocol="HTTP/1.1")
        payload = gzip.compress(body) if n == 1 else body
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http))
    return out.getvalue()


def _records(pages: list[bytes]) -> list[bytes]:
    packed, records = _warc(pages, gzipped=True), []
    while packed:
        inflate = zlib.decompressobj(wbits=31)
        records.append(inflate.decompress(packed))
        packed = inflate.unused_data
    return records


def _zst(pages: list[bytes]) -> bytes:
    compressor = zstandard.ZstdCompressor(level=3, write_checksum=True, write_content_size=True)
    return b"".join(compressor.compress(record) for record in _records(pages))


def _wacz(warc: bytes, method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as wacz:
        wacz.writestr(zipfile.ZipInfo("archive/data.warc.gz", (2024, 5, 1, 10, 0, 0)), warc, compress_type=method)
        wacz.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        wacz.writestr("datapackage.json", json.dumps({"resources": [{"path": "archive/data.warc.gz"}]}))
    return out.getvalue()


def _jsonl(dumps: list[bytes]) -> bytes:
    lines = [json.dumps({"id": f"a{n}", "text": text.decode("utf-8", "replace")[:2000], "published": "2024-05-06",
                         "title": "T", "url": "https://news.example.com/j", "authors": ["A B"]})
             for n, text in enumerate(dumps[:3])]
    return ("\n".join(lines) + "\n").encode()


def seeds() -> dict[str, list[tuple[str, bytes]]]:
    """Per target, (suffix, bytes) seeds."""
    pages, dumps = _pages(), _dumps()
    small = [p for p in pages if len(p) < 60_000][:3] or pages[:3]
    return {
        "page": ([(".html", p) for p in pages] + [(".txt", d) for d in dumps] + [(".mhtml", _mhtml(small[0]))]
                 + [(".html.gz", gzip.compress(small[1])), ("", small[2])]),
        "listing": [("", body) for body in LISTINGS],
        "opml": [(".opml", OPML)],
        "warc": [(".warc", _warc(small, False)), (".warc.gz", _warc(small, True)), (".warc.zst", _zst(small)),
                 (".wacz", _wacz(_warc(small, True), zipfile.ZIP_STORED)),
                 (".wacz", _wacz(_warc(small, True), zipfile.ZIP_DEFLATED))],
        "jsonl": [("", _jsonl(dumps))],
        "http": [("", body) for body in [*LISTINGS, *small]],
    }


# ---------------------------------------------------------------- mutations

BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
MAGICS = [b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"PK\x03\x04", b"\x28\xb5\x2f\xfd",
          b"Content-Type: multipart/related\n",
          b"\x00", b"<?xml version='1.0' encoding='utf-16'?>", b"<!DOCTYPE html>", b"{", b"[", b"\xef\xbb\xbf<"]
TOKENS = [b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"<![CDATA[", b"]]>", b"<!--", b"-->", b"\"", b"'",
          b"\r\n", b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"</", b"<script>", b"<p>", b"</p>", b"<br>",
          b"charset=", b"encoding=\"x\"", b"Content-Length: 99999999\r\n", b"WARC-Target-URI: ", b"\\u0000",
          b"\\ud800", b"\"id\":", b"\"text\":", b"null", b"1e999", b"\t", b"\x1b", "\u2028".encode()]
BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY x SYSTEM "file:///etc/passwd">]>')


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """One to four random mutations of ``data`` (``pool``: other seeds, for splices)."""
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        data = rng.choice(MUTATORS)(rng, data, pool)
    return data


def _flip(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256) if rng.random() < 0.5 else out[i] ^ (1 << rng.randrange(8))
    return bytes(out)


def _truncate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    return data[:_pos(rng, data)] if rng.random() < 0.7 else data[_pos(rng, data):]


def _delete(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    i = _pos(rng, data)
    return data[:i] + data[i + rng.randint(1, 400):]


def _insert(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    i = _pos(rng, data)
    return data[:i] + rng.choice(TOKENS) * rng.choice((1, 1, 3, 50)) + data[i:]


def _splice(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    other = rng.choice(pool)
    return data[:_pos(rng, data)] + other[_pos(rng, other):]


def _duplicate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    i = _pos(rng, data)
    j = min(len(data), i + rng.randint(1, 2000))
    return data[:j] + data[i:j] * rng.randint(2, 20) + data[j:]


def _nest(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    depth = rng.choice((300, 3000, 30_000))
    open_, close = rng.choice([(b"<div>", b"</div>"), (b"<b>", b""), (b"[", b"]"), (b'{"a":', b"}"), (b"<x>", b"</x>"),
                               (b"<table><tr><td>", b""), (b"<outline>", b"</outline>"), (b"<!--", b"")])
    i = _pos(rng, data)
    return data[:i] + open_ * depth + close * (depth if rng.random() < 0.5 else 0) + data[i:]


def _huge_attribute(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    i = _pos(rng, data)
    size = rng.choice((10_000, 200_000, 1_500_000))
    return data[:i] + b'<a href="' + b"x" * size + b'" title="' + b"&amp;" * 1000 + b'">' + data[i:]


def _encoding(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return rng.choice(BOMS) + data
    text = data.decode("utf-8", "replace")
    codec = rng.choice(("utf-16", "utf-16-be", "utf-32", "cp1252", "shift_jis", "utf-7", "latin-1"))
    if choice == 1:
        return text.encode(codec, "replace")
    if choice == 2:  # a page that declares one encoding and is in another
        return text.replace("utf-8", codec).replace("UTF-8", codec).encode("utf-8", "replace")
    i = _pos(rng, data)
    return data[:i] + rng.choice(BOMS) + data[i:]


def _nuls(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def _magic(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    return rng.choice(MAGICS) + data if rng.random() < 0.7 else data + rng.choice(MAGICS)


def _compressed(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """Wrapped in gzip, zlib, brotli or zstd, then perhaps damaged."""
    packer = rng.choice((gzip.compress, zlib.compress, brotli.compress,
                         lambda d: zstandard.ZstdCompressor().compress(d)))
    packed = bytearray(packer(data))
    if packed and rng.random() < 0.7:
        if rng.random() < 0.5:
            packed = packed[:rng.randrange(len(packed))]
        else:
            packed[rng.randrange(len(packed))] ^= 1 << rng.randrange(8)
    return bytes(packed)


def _bomb(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    body = data.split(b"?>", 1)[-1] if data.startswith(b"<?xml") else data
    i = body.find(b">", body.find(b"<") + 1) + 1  # inside the root element
    return BOMB + body[:i] + rng.choice((b"&e;", b"&x;", b"&a;")) * rng.choice((1, 1000)) + body[i:]


def _gzip_corrupt(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """Damage inside a gzip member or zstd frame that ``data`` holds (WARC records), where it is."""
    for magic in (b"\x1f\x8b\x08", b"\x28\xb5\x2f\xfd", b"PK\x03\x04"):
        spots = [i for i in range(len(data)) if data.startswith(magic, i)][:200]
        if spots:
            i = rng.choice(spots) + rng.randint(0, 60)
            out = bytearray(data)
            if i < len(out):
                out[i] ^= 1 << rng.randrange(8)
            return bytes(out)
    return _flip(rng, data, pool)


MUTATORS: list[Callable[[random.Random, bytes, list[bytes]], bytes]] = [
    _flip, _flip, _truncate, _truncate, _delete, _insert, _insert, _splice, _duplicate, _nest, _huge_attribute,
    _encoding, _nuls, _magic, _compressed, _bomb, _gzip_corrupt, _gzip_corrupt]


# ---------------------------------------------------------------- targets (run in the child)

def _extract_all(pages: object) -> None:
    for page in pages:  # type: ignore[attr-defined]
        if isinstance(page, NewsdeskError):
            continue
        with contextlib.suppress(NewsdeskError):
            extract(page, settings=SETTINGS)


def target_page(data: bytes, suffix: str, work: Path) -> None:
    path = work / f"page{suffix}"
    path.write_bytes(data)
    extract(load(str(path), SETTINGS), settings=SETTINGS)


def target_listing(data: bytes, suffix: str, work: Path) -> None:
    parse_listing(data, "https://news.example.com/feed", SETTINGS.max_input_bytes,
                  charset=random.Random(len(data)).choice((None, None, "shift_jis", "iso-8859-1", "bogus", "utf-8")))


def target_opml(data: bytes, suffix: str, work: Path) -> None:
    read_opml(data, "subscriptions.opml")


def target_warc(data: bytes, suffix: str, work: Path) -> None:
    path = work / f"crawl{suffix}"
    path.write_bytes(data)
    _extract_all(warc_pages(str(path), SETTINGS))
    list(warc_index(str(path)))


def target_jsonl(data: bytes, suffix: str, work: Path) -> None:
    list(read_jsonl_articles(data.splitlines(keepends=True)))


HTTP_PORT = 0


def target_http(data: bytes, suffix: str, work: Path) -> None:
    """The body served on a loopback server, with a random Content-Encoding, Content-Type and charset."""
    rng = random.Random(zlib.crc32(data))
    encoding = rng.choice(("", "", "gzip", "deflate", "br", "gzip, br", "zstd", "bogus"))
    packers = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}
    body = data
    for name in [e.strip() for e in encoding.split(",") if e.strip()]:
        body = packers.get(name, lambda d: d)(body)
    if encoding and rng.random() < 0.3:
        body = body[:rng.randrange(len(body) + 1)]
    kind = rng.choice(("text/html", "application/rss+xml", "text/xml; charset=shift_jis", "text/plain; charset=bogus",
                       "", "text/html; charset=\"utf-16\"", "application/json"))
    (work / "http.bin").write_bytes(body)
    (work / "http.json").write_text(json.dumps({"Content-Type": kind, "Content-Encoding": encoding}))
    url = f"http://127.0.0.1:{HTTP_PORT}/{work.name}"
    with Fetcher(SETTINGS) as fetcher:
        response = fetcher.get(url)
    try:
        parse_listing(response.body, url, SETTINGS.max_input_bytes, response.charset)
    except NewsdeskError:
        extract(fetched_page(url, response), settings=SETTINGS)


TARGETS: dict[str, Callable[[bytes, str, Path], None]] = {
    "page": target_page, "listing": target_listing, "opml": target_opml, "warc": target_warc,
    "jsonl": target_jsonl, "http": target_http}


class _Handler(BaseHTTPRequestHandler):
    base = Path()

    def do_GET(self) -> None:
        work = self.base / self.path.strip("/").split("?")[0]
        try:
            body, headers = (work / "http.bin").read_bytes(), json.loads((work / "http.json").read_text())
        except (OSError, ValueError):
            self.send_error(404)
            return
        self.send_response(200)
        for key, value in headers.items():
            if value:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the child timed out and was killed mid-read
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


# ---------------------------------------------------------------- the runner

def run_one(target: str, data: bytes, suffix: str, work: Path, timeout: float, memory_mb: int) -> tuple[str, str]:
    """("ok" | "error" | "crash" | "slow" | "hang" | "killed", detail), the input run in a forked child."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report one line of JSON, leave at once
        os.close(read_end)
        status, detail = "ok", ""
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
            TARGETS[target](data, suffix, work)
        except NewsdeskError as exc:
            status, detail = "error", str(exc)[:300]
        except MemoryError:
            status, detail = "crash", "MemoryError"
        except BaseException as exc:  # the finding: any other exception
            status, detail = "crash", "".join(traceback.format_exception(exc))
        report = json.dumps([status, detail]).encode()
        while report:
            report = report[os.write(write_end, report):]
        os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    # ``timeout`` is CPU seconds (a machine shared with others slows the wall clock, not the work);
    # the wall clock only ends a child that is stuck (waiting, or starved) at three times that
    deadline = time.monotonic() + 3 * timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([read_end], [], [], left)[0]:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
            return "hang", f"no answer in {3 * timeout:g} s"
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, ended, usage = os.wait4(pid, 0)
    if not chunks:
        how = f"signal {os.WTERMSIG(ended)}" if os.WIFSIGNALED(ended) else f"exit {os.WEXITSTATUS(ended)}"
        return "killed", f"child ended without a word ({how})"
    status, detail = json.loads(b"".join(chunks))
    cpu = usage.ru_utime + usage.ru_stime
    if cpu > timeout and status in ("ok", "error"):
        return "slow", f"{cpu:.0f} s of CPU (over {timeout:g}); it ended: {status} {detail[:200]}"
    return str(status), str(detail)


def signature(status: str, detail: str) -> str:
    """What tells one bug from another: the exception's type and the innermost newsdesk frame."""
    if status in ("slow", "hang", "killed"):
        return status
    if status != "crash" or "Traceback" not in detail:
        return f"{status}: {detail.splitlines()[0] if detail else ''}"
    lines = detail.strip().splitlines()
    frames = [line.strip() for line in lines if line.strip().startswith("File ") and "newsdesk/" in line
              and "scripts/fuzz_inputs.py" not in line]
    where = frames[-1] if frames else "outside newsdesk"
    return f"{lines[-1].split(':')[0]} at {where}"


def minimise(target: str, data: bytes, suffix: str, work: Path, sig: str, args: argparse.Namespace,
             budget: float = 20.0) -> bytes:
    """A smaller input with the same signature (chunk removal, halving the chunk), within ``budget`` s."""
    end = time.monotonic() + budget
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < end:
        i, shrunk = 0, False
        while i < len(data) and time.monotonic() < end:
            candidate = data[:i] + data[i + chunk:]
            status, detail = run_one(target, candidate, suffix, work, args.timeout, args.memory)
            if status not in ("ok", "error") and signature(status, detail) == sig:
                data, shrunk = candidate, True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    return data


def run_cli(rng: random.Random, corpus: dict[str, list[tuple[str, bytes]]], work: Path, out: Path, runs: int,
            timeout: float) -> Counter[str]:
    """``newsdesk extract/analyze/ingest FILE`` on mutated files: a traceback, an internal error or a hang is a
    finding; so is exit status 0 with nothing on stdout."""
    found: Counter[str] = Counter()
    files = [item for key in ("page", "warc") for item in corpus[key]]
    pool = [data for _, data in files]
    for n in range(runs):
        suffix, seed = rng.choice(files)
        data = mutate(rng, seed, pool)
        path = work / f"cli{n}{suffix or '.html'}"
        path.write_bytes(data)
        command = rng.choice((["extract"], ["extract", "--jsonl"], ["analyze"],
                              ["ingest", "--db", str(work / "cli.sqlite")]))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:  # the wall clock generous (analyze loads its models: 10 s of a busy machine), the CPU time not
            done = subprocess.run([NEWSDESK, *command, str(path)], capture_output=True, timeout=max(120.0, 6 * timeout),
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            found[f"cli {command[0]} hang"] += 1
            path.rename(out / f"cli-hang-{n}{suffix}")
            continue
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if cpu > timeout + 10:  # the CLI's start (imports, models) costs some seconds of its own
            found[f"cli {command[0]} slow"] += 1
            (out / f"cli-slow-{n}{suffix}").write_bytes(data)
        err = done.stderr.decode("utf-8", "replace")
        if "Traceback" in err or "internal error" in err or done.returncode not in (0, 1):
            key = f"cli {command[0]}: " + (err.strip().splitlines() or [""])[-1][:160]
            found[key] += 1
            (out / f"cli-{n}{suffix}").write_bytes(data)
            (out / f"cli-{n}.txt").write_text(f"{command}\nexit {done.returncode}\n{err}")
        path.unlink(missing_ok=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the library campaign runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated, of " + ", ".join(TARGETS))
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds one input may take")
    parser.add_argument("--memory", type=int, default=1500, help="MiB of address space one input may use")
    parser.add_argument("--cli", type=int, default=0, help="runs of the CLI on mutated files, after the rest")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-fuzz")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = seeds()
    targets = [t for t in args.targets.split(",") if t]
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-"))
    global HTTP_PORT
    _Handler.base = scratch
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    HTTP_PORT = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    warm = scratch / "warm"  # each seed once here: what loads lazily (models, codecs) is loaded before the forks
    warm.mkdir()
    for target in targets:
        for suffix, seed in corpus[target]:
            with contextlib.suppress(NewsdeskError):
                TARGETS[target](seed, suffix, warm)
    tried: Counter[str] = Counter()
    outcomes: Counter[tuple[str, str]] = Counter()
    findings: dict[tuple[str, str], int] = {}
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < args.seconds:
        target = targets[n % len(targets)]
        suffix, seed = rng.choice(corpus[target])
        data = mutate(rng, seed, [d for _, d in corpus[target]]) if rng.random() < 0.97 else seed
        work = scratch / f"w{n}"
        work.mkdir()
        status, detail = run_one(target, data, suffix, work, args.timeout, args.memory)
        tried[target] += 1
        outcomes[(target, status)] += 1
        if status not in ("ok", "error"):
            sig = signature(status, detail)
            findings[(target, sig)] = findings.get((target, sig), 0) + 1
            if findings[(target, sig)] == 1:
                small = minimise(target, data, suffix, work, sig, args) if status == "crash" else data
                stem = args.out / f"{target}-{len(findings)}"
                stem.with_suffix(".bin").write_bytes(small)
                stem.with_suffix(".txt").write_text(f"target {target} suffix {suffix!r}\n{sig}\n\n{detail}\n")
                print(f"[{time.monotonic() - start:6.0f} s] {target}: {sig} -> {stem}.bin ({len(small)} bytes)",
                      flush=True)
        for child in work.iterdir():
            child.unlink()
        work.rmdir()
        n += 1
    elapsed = time.monotonic() - start
    cli = run_cli(rng, corpus, scratch, args.out, args.cli, args.timeout) if args.cli else Counter()
    server.shutdown()
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{n} inputs in {elapsed:.0f} s (seed {args.seed}); outcomes by target:")
    for target in targets:
        counts = {status: outcomes[(target, status)] for status in ("ok", "error", "crash", "slow", "hang", "killed")}
        print(f"  {target:8} {tried[target]:6} tried  " + "  ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"{len(findings)} distinct findings:" if findings else "no findings")
    for (target, sig), count in sorted(findings.items()):
        print(f"  {target:8} x{count:<4} {sig}")
    if args.cli:
        print(f"CLI: {args.cli} runs, {sum(cli.values())} findings")
        for key, count in cli.items():
            print(f"  x{count:<4} {key}")
    sys.exit(1 if findings or cli else 0)


if __name__ == "__main__":
    main()
