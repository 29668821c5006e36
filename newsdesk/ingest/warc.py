"""WARC files (web archives, plain, gzipped or zstd-compressed, or inside a WACZ) as pages: one per archived
HTML or text response.

Only ``response`` records with status 200 and ``resource`` records whose content is HTML or
text at an http(s) address become pages (images, scripts, redirects, revisits, a site's
robots.txt or ads.txt, a crawler's own log are skipped: :func:`skip_reason` says why). Each
page's input is ``FILE#URL`` and its URL the record's target URI. :func:`warc_index` lists the records without
reading their bodies, and :func:`read_record` reads one later, by its offset.
"""

from __future__ import annotations

import gzip
import io
import logging
import math
import os
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader
from warcio.utils import BUFF_SIZE

from ..errors import FetchError, InputError
from ..settings import Settings
from ..types import Fetched
from .bodies import read_body
from .decode import GZIP_MAGIC, decode
from .sniff import UNKNOWN_TYPES, Prefixed, sniffed_type
from .wacz import SUFFIX as WACZ_SUFFIX
from .wacz import WaczWarcs, is_zip, open_wacz
from .warczst import Unzstd, is_zstd

# warcio logs a Target-URI it mends ("Replacing spaces in invalid WARC-Target-URI") as a warning,
# which Python's last-resort handler wrote to stderr: under --jsonl nothing but JSON may come out.
logging.getLogger("warcio").setLevel(logging.ERROR)

SUFFIXES = (".warc", ".warc.gz", ".warc.zst", WACZ_SUFFIX)
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_HEADER_BYTES = 1 << 20  # a record's header lines (WARC and HTTP): a few KB in any real archive


def is_warc(item: str) -> bool:
    return item.lower().endswith(SUFFIXES)


@dataclass(frozen=True)
class WarcRecord:
    path: str
    offset: int
    url: str
    date: str | None  # WARC-Date: when it was archived


def _page_type(record: Any) -> tuple[str | None, str | None]:
    """The media type of a record that holds a page (None for any other record), and its charset.
    A record whose headers name no media type is a page when its payload starts as one."""
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return None, None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type in ("resource", "response"):  # a response with no HTTP headers holds a bare page
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None, None
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media in UNKNOWN_TYPES:  # no type: a page when its payload starts as one (the first call reads that)
        media = sniffed_type(record) or media
    charset = _CHARSET.search(params)  # "Charset=Shift_JIS" as IIS writes it, or one among other parameters
    page = media in PAGE_TYPES and not _site_file(record) and not _not_web(record)
    return (media if page else None), (charset[1] if charset else None)


_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)


# The text files a site keeps for crawlers and ad exchanges: every host of a crawl has some, and
# each came out as an "article" ("User-agent: * Disallow: /admin/").
SITE_FILES = frozenset({"robots.txt", "ads.txt", "app-ads.txt", "humans.txt", "security.txt", "llms.txt",
                        "llms-full.txt", "sellers.json", "crossdomain.xml"})


def _site_file(record: Any) -> bool:
    """Whether the record is a site's file for crawlers (robots.txt, ads.txt, /.well-known/…)."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    path = _url_path(url)
    return path.startswith("/.well-known/") or path.rsplit("/", 1)[-1].lower() in SITE_FILES


def _not_web(record: Any) -> bool:
    """Whether the record's target is no web address: wget keeps its log and arguments as text
    resources at ``metadata://gnu.org/…``, and each was an article ("Resolving news.example.com…")."""
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    return bool(url) and not url.lower().startswith(("http://", "https://"))


def _url_path(url: str) -> str:
    try:
        return urlsplit(url.strip()).path
    except ValueError:
        return ""


CAPTURES = ("response", "resource", "revisit", "conversion", "continuation")


def skip_reason(record: Any) -> str | None:
    """Why a record holding a capture is not a page (None: it is one, or it holds no capture: a
    request, warcinfo or metadata record): ``revisit``, ``redirect`` (3xx), ``HTTP error`` (4xx,
    5xx), ``status N`` (another status), ``not HTML or text`` (a PDF, an image, JSON…),
    ``robots.txt and such`` (a site's files for crawlers), ``not a web URI`` (``metadata://``,
    ``dns:``…), ``no target URI``, or ``<type> record``."""
    kind = record.rec_type
    if kind not in CAPTURES:
        return None
    if kind == "revisit":
        return "revisit"
    if kind != "response" and kind != "resource":
        return f"{kind} record"
    if kind == "response" and record.http_headers is not None:
        status = str(record.http_headers.get_statuscode() or "")
        if status != "200":
            return "redirect" if status.startswith("3") else "HTTP error" if status[:1] in ("4", "5") \
                else f"status {status[:3] or '?'}"
    if _site_file(record):
        return "robots.txt and such"
    if _not_web(record):
        return "not a web URI"
    if _page_type(record)[0] is None:
        return "not HTML or text"
    if not _target(record):
        return "no target URI"
    return None


def _open(path: str) -> BinaryIO:
    """The file, or for a WARC file gzipped whole (``gzip crawl.warc``) its inflated bytes: warcio
    reads only a .warc.gz of one gzip member per record, and refused such a file as corrupt; for a
    .warc.zst (zstd frames, warcio knows none) its decompressed bytes; for a .wacz the WARC files in it."""
    try:
        stream: BinaryIO = Path(path).open("rb")  # noqa: SIM115  (the caller closes it)
    except FileNotFoundError:
        raise InputError("no such file", input=path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", input=path) from None
    head = stream.read(64)
    if is_zip(head) or path.lower().endswith(WACZ_SUFFIX):  # a WACZ: the WARC files inside, read as one
        wacz = open_wacz(stream, path)
        stream, head = cast(BinaryIO, wacz), wacz.read(64)
        if len(head) < 64 and wacz.broken:
            wacz.close()
            raise InputError(f"corrupt WACZ file ({wacz.broken})", input=path)
    if is_zstd(head):
        return _unzstd(path, stream)
    packed = head.startswith(GZIP_MAGIC)
    if packed:
        head = _inflated_head(head, stream)
    if not head.startswith(b"WARC/"):
        stream.close()
        raise InputError("not a WARC file", input=path)
    stream.seek(0)
    if packed and _gzipped_whole(stream):
        stream.seek(0)
        return cast(BinaryIO, _Inflated(stream))  # read as a file is: read, tell, seek, close
    stream.seek(0)
    return stream


def _unzstd(path: str, stream: BinaryIO) -> BinaryIO:
    """The decompressed bytes of a .warc.zst, once they are seen to start a WARC record."""
    try:
        unpacked = Unzstd(stream, path)
        head = unpacked.read(5)
    except InputError:
        stream.close()
        raise
    if head != b"WARC/":
        unpacked.close()
        reason = unpacked.broken or ("its zstd data ends early" if unpacked.cut else None)
        raise InputError(f"not a WARC file ({reason})" if reason else "not a WARC file", input=path)
    unpacked.seek(0)
    return cast(BinaryIO, unpacked)


def _gzipped_whole(stream: BinaryIO) -> bool:
    """Whether the first gzip member of ``stream`` holds more than its first record (a file gzipped
    whole), read as far as the first record's end and a few bytes more. A head that cannot be
    parsed gives False: the reader then says what is wrong with it."""
    inflate, head, total, end = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), b"", 0, None
    after = b""  # the inflated bytes past the first record's end
    try:
        while not inflate.eof:
            block = inflate.unconsumed_tail or stream.read(1 << 16)
            if not block:
                return False  # cut off: the reader reports it
            piece = inflate.decompress(block, 1 << 16)
            if end is None:
                head += piece[:MAX_HEADER_BYTES - len(head)]
                found = _HEADER_END.search(head)
                if found is None and len(head) >= MAX_HEADER_BYTES:
                    return False
                if found is not None:
                    length = _CONTENT_LENGTH.search(head, 0, found.start())
                    if length is None:
                        return False
                    end = found.end() + int(length[1])
            if end is not None:
                after += piece[max(0, end - total):][:64 - len(after)]
                if after.strip(b"\r\n"):
                    return True
            total += len(piece)
    except zlib.error:
        return False
    return False


class _Inflated(io.RawIOBase):
    """The inflated bytes of a WARC file gzipped whole, for warcio to read as a plain file:
    offsets are positions in the inflated bytes. Damage or a cut-off end reads as the end of
    the file, the reason kept in ``broken`` (a record it cuts short then says so, as in a plain
    file cut off there). Seeking forward inflates up to the place; backward starts again."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.kind = "gzip"
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self.broken: str | None = None  # damage found: the records after it are lost
        self.cut = False  # the gzip data ends early

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.broken is not None or self.cut:
            return 0
        try:
            data = self._gzip.read(len(buffer))
        except EOFError:
            self.cut = True
            return 0
        except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            self.broken = f"corrupt gzip data ({exc})"
            return 0
        buffer[:len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self._gzip.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("only absolute seeks")
        if offset < self._gzip.tell():
            self._raw.seek(0)
            self._gzip = gzip.GzipFile(fileobj=self._raw, mode="rb")
            self.broken, self.cut = None, False
        while self._gzip.tell() < offset:
            if not self.read(min(offset - self._gzip.tell(), 1 << 20)):
                break
        return self._gzip.tell()

    def size(self) -> int:
        """The inflated length (read to the end to find it)."""
        while self.read(1 << 20):
            pass
        return self._gzip.tell()

    def close(self) -> None:
        self._raw.close()
        super().close()


def _inflated_head(first: bytes, stream: BinaryIO) -> bytes:
    """The first bytes (up to 5) a gzip stream inflates to: 64 compressed bytes often give none yet,
    as deflate writes a block's code tables before its data. A stream that is not gzip after all
    gives what it inflated so far, which the marker check then refuses."""
    inflate, head, block, budget = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), b"", first, 1 << 16
    try:
        while len(head) < 5 and block and budget > 0:
            head += inflate.decompress(block, 5 - len(head))
            block = inflate.unconsumed_tail or stream.read(4096)
            budget -= len(block)
    except zlib.error:
        pass  # corrupt gzip: reported as "not a WARC file" by the caller
    return head


class _HeaderReader(DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
    """warcio's reader, but the lines of one record's headers stop at MAX_HEADER_BYTES (warcio reads
    a header line whole however long: a 100 MB one took minutes, in quadratic time, and it keeps
    every header line: five million took 800 MB), and damage inside a gzip member is an error."""

    header_bytes = 0  # read by readline since the record began
    broken: str | None = None  # the damage found inside a gzip member

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read > 0:
            # warcio wrote a gzip member's damage past its first block to stderr and went on with
            # nothing for that block: the record came out cut short, the records after it vanished
            try:
                return bytes(self.decompressor.decompress(data))
            except zlib.error as exc:
                self.broken = f"corrupt gzip data ({exc})"
                raise ArchiveLoadFailed(self.broken) from None
        return bytes(super()._decompress(data))

    def readline(self, length: int | None = None) -> bytes:
        room = MAX_HEADER_BYTES + 1 - self.header_bytes
        line = bytes(super().readline(room if length is None or length > room else length))
        self.header_bytes += len(line)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise ArchiveLoadFailed(f"a record whose header lines run past {MAX_HEADER_BYTES} bytes")
        return line


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]  # warcio is untyped
    """warcio's record loader, but a ``response`` record whose WARC Content-Type names no HTTP message
    (``text/html``, not ``application/http``) and whose block does not start with an HTTP status
    line holds the bare page, as some tools write it: warcio read the page's first lines as HTTP
    headers, and the record was skipped as "status htm". It comes out with no HTTP headers and its
    whole block as the payload, as a ``resource`` record does."""

    def parse_record_stream(self, stream: Any, statusline: Any = None, known_format: Any = None,
                            no_record_parse: bool = False, ensure_http_headers: bool = False,
                            check_digests: bool = False) -> Any:
        record = super().parse_record_stream(stream, statusline, known_format, no_record_parse=True,
                                             check_digests=check_digests)
        if no_record_parse:
            return record
        body = record.raw_stream
        uri = record.rec_headers.get_header("uri" if record.format == "arc" else "WARC-Target-URI")
        if record.rec_type == "response" and record.length and _bare(record.rec_headers):
            first = bytes(body.readline(64))
            body = record.raw_stream = Prefixed(first, body)
            if not _HTTP_LINE.match(first):
                return record
        record.http_headers = self.load_http_headers(record.rec_type, uri, body, record.length)
        return record


_HTTP_LINE = re.compile(rb"HTTP/\d")


def _bare(headers: Any) -> bool:
    """Whether a record's WARC Content-Type names something other than an HTTP message."""
    kind = (headers.get_header("Content-Type") or "").partition(";")[0].strip().lower()
    return bool(kind) and kind != "application/http"


class _Archive(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's reader, but a record whose Content-Length is wrong is noted (its offset in
    ``damaged``), not written to stderr as a multi-line warning, and a gzip member the file's end
    cut off is counted (``cut_members``; warcio ends quietly there): :func:`_records` reports both.

    A record does not end where its Content-Length says when bytes other than blank lines follow
    it (the length is short: its body lost its end), when fewer than the four bytes of the
    ``CRLF CRLF`` that close a record follow it (the length is long: its body took them in), or
    when its gzip member ends before its length does. warcio notices only the first.
    """

    INC_RECORD = ""
    cut_members = 0

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self.reader = self.headers = _HeaderReader(self.fh, block_size=BUFF_SIZE)  # nothing is read yet
        self.loader = _Loader(verify_http=False, arc2warc=False)  # as warcio makes its own
        self.damaged: list[int] = []  # offsets of the records that do not end where their length says
        self.reported: set[int] = set()  # those of them reported as their page's error
        self._trailer = 0

    def _next_record(self, next_line: bytes | None) -> Any:
        self.reader.header_bytes = len(next_line or b"")
        return super()._next_record(next_line)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        line, self._trailer = super()._consume_blanklines()
        return line, self._trailer

    def read_to_end(self, record: Any = None) -> None:
        if not self.record or self.member_info:  # nothing left to read of this record
            return
        start, errors = self.offset, self.err_count
        super().read_to_end(record)
        decompressor = self.reader.decompressor if self.reader is not None else None
        if decompressor is not None and not decompressor.eof:
            self.cut_members += 1
            return
        if _cut_short(self.record):  # its length runs past the file's end, or past its gzip member's
            if decompressor is not None:
                self.damaged.append(start)
            return
        at_end = decompressor is None and self.next_line is None  # a plain file's last record
        if self.err_count > errors or (self._trailer < 4 and not at_end):
            self.damaged.append(start)


# What warcio raises on a damaged file: its own error, or whatever its parsing trips over.
_DAMAGED = (ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError, TypeError, IndexError, KeyError,
            OSError)


def _records(path: str, stream: BinaryIO) -> Iterator[tuple[_Archive, Any]]:
    """The records of a WARC file; InputError (naming the file) once the readable ones are out, when
    it is damaged: a record longer or shorter than its Content-Length, or the file cut short."""
    last = None
    try:
        archive = _Archive(stream)
        for record in archive:
            if not str(record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                # warcio hands out a record whose header block the file's end (or damage) cut off
                raise InputError(f"truncated or corrupt WARC file (the record at byte {archive.offset} has no "
                                 "valid Content-Length)", input=path)
            last = record
            yield archive, record
    except _DAMAGED as exc:
        raise InputError(f"corrupt or truncated WARC file ({_brief(exc)})", input=path) from None
    unpacked = stream if isinstance(stream, (_Inflated, Unzstd, WaczWarcs)) else None  # its bytes decompressed here
    broken = archive.headers.broken or (unpacked.broken if unpacked is not None else None)
    if broken:  # whatever a page said of itself: the records after it are lost
        raise InputError(f"corrupt WARC file ({broken}; the records after it are lost)", input=path)
    unreported = [offset for offset in archive.damaged if offset not in archive.reported]
    if unreported:
        raise InputError(f"corrupt WARC file (the record at byte {unreported[0]} does not end where its "
                         "Content-Length says)", input=path)
    if last is not None and _cut_short(last) and _page_type(last)[0] is not None:
        return  # a page cut short says so itself, as FILE#URL, when it is read (see _page)
    if archive.cut_members:
        raise InputError("truncated WARC file (its last gzip member is cut short)", input=path)
    if unpacked is not None and unpacked.cut:
        raise InputError(f"truncated WARC file (its {unpacked.kind} data ends early)", input=path)
    size = unpacked.size() if unpacked is not None else os.fstat(stream.fileno()).st_size
    if archive.offset < size:  # warcio ends quietly at a record it cannot parse
        raise InputError(f"truncated or corrupt WARC file (no whole record after byte {archive.offset})", input=path)
    if last is not None and _cut_short(last):
        raise InputError("truncated WARC file (its last record is cut short)", input=path)


_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def _target(record: Any) -> str | None:
    """The record's WARC-Target-URI, a control character in it percent-encoded as browsers do (a NUL
    in a page's key or URL cannot be stored: on PostgreSQL it ended the monitor's pass)."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    return _CONTROLS.sub(lambda m: f"%{ord(m[0]):02X}", url) if url else url


def _cut_short(record: Any) -> bool:
    """Whether the file ended before the record's Content-Length (once its body has been read)."""
    return bool(getattr(record.raw_stream, "limit", 0) > 0)


def _brief(exc: Exception) -> str:
    """An error's text fit for one line: warcio quotes the bytes it choked on, which may be binary."""
    if "non-chunked gzip" in str(exc):  # warcio's eight lines of advice on a member of many records
        return "a gzip member past the first holds more than one record"
    if isinstance(exc, AttributeError) and "startswith" in str(exc):  # warcio reads a URI the header lacks
        return "a request or response record without a WARC-Target-URI header"
    said, quote, line = str(exc).partition("first line: ")
    if quote and not (line.isascii() and line.isprintable()):  # damaged gzip data, quoted as it came
        return f"{said.rstrip(', ')}: binary data where a record header should start"
    text = " ".join("".join(c if c.isprintable() or c.isspace() else "?" for c in str(exc)).split())
    return text if len(text) <= 120 else text[:120] + "…"


def warc_index(path: str, *, growing: bool = False) -> Iterator[WarcRecord]:
    """The page records of a WARC file, in file order, without their bodies.

    ``growing``: the file may still be being written (a crawler's, under monitoring): what follows
    its last whole record, when that is the start of one record the file's end cuts off, is left
    out without a word (the next look takes it; :func:`growing_index` says where it starts); any
    other damage is still an error.
    """
    yield from _indexed(path, growing)


@dataclass(frozen=True)
class GrowingWarc:
    """A WARC file that may still be being written: its whole page records, and ``tail``, the byte
    where one last record that the file's end cuts off starts (None when the file ends whole)."""

    records: tuple[WarcRecord, ...]
    tail: int | None


def growing_index(path: str) -> GrowingWarc:
    """:func:`warc_index` of a growing file, with where its unfinished last record starts: the
    caller (the monitor) tells a crawler still writing from one that died mid-record by the time
    the file has not changed."""
    records, found = [], _indexed(path, True)
    while True:
        try:
            records.append(next(found))
        except StopIteration as end:
            return GrowingWarc(tuple(records), end.value)


def _indexed(path: str, growing: bool) -> Generator[WarcRecord, None, int | None]:
    """:func:`warc_index`, returning (when ``growing``) the offset of a last record cut off by the end."""
    whole = 0  # where the records read whole so far end
    stream: BinaryIO | None = None
    try:
        with _open(path) as stream:
            for archive, record in _records(path, stream):
                media, _ = _page_type(record)
                url = _target(record)
                date = record.rec_headers.get_header("WARC-Date")
                try:
                    offset = int(archive.get_record_offset())  # reads past the body: call it after the headers
                except _DAMAGED as exc:
                    raise InputError(f"corrupt or truncated WARC file ({_brief(exc)})", input=path) from None
                if growing and _unfinished(archive, record) and _partial(path, offset, stream):
                    return offset
                whole = archive.offset
                if media and url:
                    archive.reported.add(offset)  # a damaged one says so itself when it is read
                    yield WarcRecord(path, offset, url, date)
    except InputError:
        if growing and isinstance(stream, Unzstd) and _partial(path, whole, stream):
            return whole  # an offset in the decompressed bytes, as the records' are
        if growing and not isinstance(stream, (Unzstd, WaczWarcs)) and _partial_record(path, whole):
            return whole if whole < _size(path) else None  # an empty file is new, not cut off
        raise
    return None


def _partial(path: str, start: int, stream: BinaryIO) -> bool:
    """:func:`_partial_record`; for a .warc.zst (whose offsets are in the decompressed bytes), whether
    its zstd data ends inside a frame, undamaged, as a crawler still writing the file leaves it."""
    if isinstance(stream, Unzstd):
        return stream.cut and stream.broken is None
    return _partial_record(path, start)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # gone since the scan: nothing is cut off now, and the next look says it is gone
        return 0


def _unfinished(archive: _Archive, record: Any) -> bool:
    """Whether the file's end cut the record just read to its end short (or its gzip member)."""
    decompressor = archive.reader.decompressor if archive.reader is not None else None
    return _cut_short(record) or (decompressor is not None and not decompressor.eof)


_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _partial_record(path: str, start: int) -> bool:
    """Whether the bytes from ``start`` to the file's end are the start of one record that the end
    cuts off, as a crawler still writing the file leaves it: in a plain file, header lines not yet
    ended or a block whose Content-Length runs past the end; in a .warc.gz, a gzip member the end
    cuts off (no damage in it) that inflates to the start of a record."""
    try:
        with Path(path).open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if start >= size:  # nothing after the whole records: the damage lies elsewhere (an empty file is new)
                return size == 0
            stream.seek(start)
            first = stream.read(MAX_HEADER_BYTES)
            if not (first.startswith(GZIP_MAGIC) or GZIP_MAGIC.startswith(first)):
                return _partial_head(first, size - start)
            inflate, head, block = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS), b"", first
            while block:
                while block and not inflate.eof:
                    piece = inflate.decompress(block, 1 << 16)
                    head += piece[:MAX_HEADER_BYTES - len(head)]
                    block = inflate.unconsumed_tail
                if inflate.eof:
                    return False  # a whole member: not cut off by the end
                block = stream.read(1 << 16)
    except (OSError, zlib.error):
        return False
    return head.startswith(b"WARC/") or b"WARC/".startswith(head)


def _partial_head(data: bytes, left: int) -> bool:
    """Whether ``data`` (the first bytes of the ``left`` to the file's end) begins one plain record
    that the end cuts off."""
    if not (data.startswith(b"WARC/") or b"WARC/".startswith(data)):
        return False
    end = _HEADER_END.search(data)
    if end is None:
        return len(data) < MAX_HEADER_BYTES  # header lines still being written
    length = _CONTENT_LENGTH.search(data, 0, end.start())
    return length is not None and end.end() + int(length[1]) > left


def _page(path: str, url: str, archive: _Archive, record: Any, settings: Settings) -> Fetched:
    """The page in a record, once the record has been read to its end: a record that does not end
    where its Content-Length says is refused whole (its body lost its end, or took in the next
    record's start), as is one the file's end cut short."""
    name = f"{path}#{url}"
    media, charset = _page_type(record)
    problem = None
    try:
        try:
            body = _payload(record, settings.max_input_bytes)
        except FetchError as exc:  # too large, or a Content-Encoding that does not decode
            body, problem = b"", exc.reason
        offset = archive.get_record_offset()  # reads the record to its end
    except _DAMAGED as exc:
        raise InputError(f"corrupt WARC record ({_brief(exc)})", input=name) from None
    if offset in archive.damaged:
        archive.reported.add(offset)
        raise InputError(f"damaged WARC record at byte {offset} (it does not end where its Content-Length "
                         "says)", input=name)
    if _cut_short(record):
        raise InputError("WARC record cut short (the file ends before its Content-Length does: a truncated "
                         "file, or a wrong length)", input=name)
    if problem is not None:
        raise InputError(problem, input=name)
    text, encoding = decode(body, name, charset)
    return Fetched(input=name, content=text, url=url, media_type=media, encoding=encoding)


def _payload(record: Any, limit: int) -> bytes:
    """The record's payload, de-chunked and decoded (gzip, deflate, brotli) under ``limit``.

    Decoded here, not by warcio: its brotli decoder fails on every record (it sets an attribute the
    brotli module's decoder does not have), and a gzip payload damaged past its first 16 KB went to
    stderr and came out cut short, as if whole. As warcio does, a payload whose first block does not
    decode as its Content-Encoding says, or whose Content-Encoding is none we know, is taken as it
    is (some crawlers store the payload decoded; some servers name a charset there).
    """
    headers = record.http_headers if record.rec_type == "response" else None
    stream = record.raw_stream
    if headers is not None and (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)  # one that is not chunked after all passes through as it is
    encoding = (headers.get_header("Content-Encoding") or "") if headers is not None else ""
    return read_body(iter(lambda: stream.read(BUFF_SIZE), b""), encoding, limit, math.inf, lenient=True)


def read_record(entry: WarcRecord, settings: Settings) -> Fetched:
    """The page in one record found by :func:`warc_index`."""
    with _open(entry.path) as stream:
        stream.seek(entry.offset)
        for archive, record in _records(entry.path, stream):
            return _page(entry.path, entry.url, archive, record, settings)
    raise InputError("WARC record vanished", input=f"{entry.path}#{entry.url}")


def warc_entries(path: str, settings: Settings, skipped: dict[str, int] | None = None
                 ) -> Iterator[tuple[WarcRecord, Fetched | InputError]]:
    """Every page record of a WARC file with its page (or the page's error), in one pass.

    ``skipped`` counts the captures that are not pages, by :func:`skip_reason`. A file that cannot
    be read, or breaks off, raises its InputError (naming the file) after the pages before it."""
    with _open(path) as stream:
        for archive, record in _records(path, stream):
            reason = skip_reason(record)
            if reason is not None and skipped is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
            media, _ = _page_type(record)
            url = _target(record)
            if not media or not url:
                continue
            entry = WarcRecord(path, archive.offset, url, record.rec_headers.get_header("WARC-Date"))
            try:
                page: Fetched | InputError = _page(path, url, archive, record, settings)
            except InputError as exc:
                page = exc
            yield entry, page


def warc_pages(path: str, settings: Settings, held: dict[str, int] | None = None
               ) -> Iterator[Fetched | InputError]:
    """Every page in a WARC file, in one pass; a bad record comes out as its error, in its place.

    ``held`` counts the records that are not pages: captures by :func:`skip_reason`, the others by
    their type (``request``, ``warcinfo``…), for :func:`held_summary`. A file that cannot be read at
    all, or breaks off, ends with its InputError (naming the file).
    """
    try:
        with _open(path) as stream:
            for archive, record in _records(path, stream):
                media, _ = _page_type(record)
                url = _target(record)
                if not media or not url:
                    if held is not None:
                        reason = skip_reason(record) or str(record.rec_type)
                        held[reason] = held.get(reason, 0) + 1
                    continue
                try:
                    yield _page(path, url, archive, record, settings)
                except InputError as exc:
                    yield exc
    except InputError as exc:
        yield exc


def held_summary(held: dict[str, int]) -> str:
    """What an archive of no pages held, for the user who wonders why nothing came out of it:
    ``3 records, none a page: 2 revisit, 1 warcinfo``."""
    total = sum(held.values())
    if not total:
        return "no records"
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(held.items(), key=lambda item: -item[1]))
    return f"{total} record{'s' if total != 1 else ''}, none a page: {kinds}"
