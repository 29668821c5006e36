"""WACZ files (Webrecorder, ArchiveWeb.page, Browsertrix): a ZIP holding the crawl's WARC files under
``archive/`` (with ``pages/pages.jsonl`` and ``datapackage.json`` beside them, not needed here).

:class:`WaczWarcs` gives warcio the WARC files inside, one after another, as one seekable file
(offsets are positions in those bytes, as for a WARC file gzipped whole): nothing is extracted to
disk, and a member stored as it is (as WACZ writers store them) is read straight from its place in
the file. A ZIP that is damaged or hostile (not a ZIP, encrypted, a member name that climbs out of
the folder, a member that inflates a thousandfold) is refused whole, naming the file.
"""

from __future__ import annotations

import bisect
import io
import struct
import zipfile
import zlib
from typing import Any, BinaryIO

from ..errors import InputError

SUFFIX = ".wacz"
ZIP_MAGIC = b"PK\x03\x04"
MEMBERS = (".warc", ".warc.gz")  # what a WACZ holds under archive/ (zstd frames need a seekable file of their own)
MAX_RATIO = 200  # inflated / compressed: a WARC (text, or gzip inside) stays far under it; a zip bomb far over
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length (30 bytes)


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def _refuse(reason: str, path: str) -> InputError:
    return InputError(f"not a readable WACZ file ({reason})", input=path)


def _members(archive: zipfile.ZipFile, path: str) -> list[zipfile.ZipInfo]:
    """The WARC files under ``archive/``, in name order; refuses a hostile or unreadable ZIP."""
    found = []
    for info in archive.infolist():
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
            raise _refuse(f"a member named {name[:80]!r} points outside the archive", path)
        if info.is_dir() or not name.startswith("archive/") or not name.lower().endswith(MEMBERS):
            continue
        if info.flag_bits & 0x1:
            raise _refuse(f"{name} is encrypted", path)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(f"{name} is packed with ZIP method {info.compress_type}, not stored or deflated", path)
        if info.header_offset < 0:  # the directory of a ZIP cut at its start: the seek to it raised OSError
            raise _refuse(f"{name} starts before the file does (its start is cut off)", path)
        if info.file_size > MAX_RATIO * max(info.compress_size, 1 << 16):
            raise _refuse(f"{name} would inflate {info.compress_size} bytes to {info.file_size}: a zip bomb", path)
        found.append(info)
    if not found:
        raise _refuse("no WARC files (archive/*.warc.gz) in it", path)
    return sorted(found, key=lambda info: info.filename)


class WaczWarcs(io.RawIOBase):
    """The WARC files of a WACZ, one after another, for warcio to read as one plain file.

    Damage (a bad CRC, corrupt deflate data, a member cut short) reads as the end of the file, the
    reason kept in ``broken``, as :class:`~newsdesk.ingest.warc._Inflated` does for gzip."""

    kind = "WACZ"

    def __init__(self, raw: BinaryIO, path: str) -> None:
        super().__init__()
        self._raw, self._path = raw, path
        try:
            self._zip = zipfile.ZipFile(raw)
            self._infos = _members(self._zip, path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise _refuse(f"not a ZIP archive or a damaged one: {exc}", path) from None
        self._starts = [0]
        for info in self._infos:
            self._starts.append(self._starts[-1] + info.file_size)
        self.broken: str | None = None
        self.cut = False
        self._index, self._pos = 0, 0
        self._member: Any = None  # the open member (a ZipExtFile), or None for a stored one read in place
        self._data_start = 0  # for a stored member: where its bytes start in the file
        self._crc: int | None = 0  # of a stored member read from its start so far (None once seeked into)
        self._open_member(0)

    def _open_member(self, index: int) -> None:
        self._index, self._member, self._crc = index, None, 0
        if index >= len(self._infos):
            return
        info = self._infos[index]
        if info.compress_type == zipfile.ZIP_STORED:
            self._raw.seek(info.header_offset)
            head = self._raw.read(_LOCAL_HEADER.size)
            if len(head) < _LOCAL_HEADER.size or not head.startswith(ZIP_MAGIC):
                self.broken = f"{info.filename}: no local header at byte {info.header_offset}"
                return
            names, extra = _LOCAL_HEADER.unpack(head)[1:]
            self._data_start = info.header_offset + _LOCAL_HEADER.size + names + extra
        else:
            try:
                self._member = self._zip.open(info)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
                self.broken = f"{info.filename}: {exc}"  # its local header does not match the directory

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.broken is None and self._index < len(self._infos):
            within = self._pos - self._starts[self._index]
            left = self._infos[self._index].file_size - within
            if left <= 0:
                if self._crc is not None and self._member is None and self._crc != self._infos[self._index].CRC:
                    self.broken = f"{self._infos[self._index].filename}: bad CRC-32"
                    return 0
                self._open_member(self._index + 1)
                continue
            want = min(len(buffer), left)
            try:
                if self._member is None:
                    self._raw.seek(self._data_start + within)
                    data = self._raw.read(want)
                else:
                    data = self._member.read(want)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                self.broken = f"{self._infos[self._index].filename}: {exc}"
                return 0
            if not data:
                self.broken = f"{self._infos[self._index].filename} is cut short"
                return 0
            if self._member is None and self._crc is not None:
                self._crc = zlib.crc32(data, self._crc)
            buffer[:len(data)] = data
            self._pos += len(data)
            return len(data)
        return 0

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("only absolute seeks")
        offset = max(0, min(offset, self._starts[-1]))
        index = min(bisect.bisect_right(self._starts, offset) - 1, len(self._infos))
        if index != self._index or (self._member is not None and offset < self._pos):
            self.broken = None
            self._open_member(index)
        if self._member is None:  # a stored member read from inside: its CRC cannot be checked
            self._crc = 0 if index < len(self._infos) and offset == self._starts[index] else None
        if self._member is not None:
            start = self._starts[index]
            try:
                self._member.seek(offset - start)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                self.broken = f"{self._infos[index].filename}: {exc}"
        self._pos = offset
        return offset

    def size(self) -> int:
        """The length of the WARC files together (as the ZIP's directory states it)."""
        return self._starts[-1]

    def close(self) -> None:
        if self._member is not None:
            self._member.close()
        self._zip.close()
        self._raw.close()
        super().close()


def open_wacz(raw: BinaryIO, path: str) -> WaczWarcs:
    """The WARC files inside a WACZ (``raw``, the file opened), read as one; InputError naming it."""
    try:
        return WaczWarcs(raw, path)
    except InputError:
        raw.close()
        raise

