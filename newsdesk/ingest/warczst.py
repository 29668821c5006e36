"""Zstandard-compressed WARC files (``.warc.zst``, the IIPC "warc-zstd" format), read as plain ones.

Each record is one or more zstd frames; the file may begin with a dictionary in a skippable frame
(magic ``0x184D2A5D``), itself plain or zstd-compressed, which every frame is decompressed with;
other skippable frames are ignored. :class:`Unzstd` gives warcio the decompressed bytes as a
seekable file (offsets are positions in them, as for a WARC file gzipped whole): it notes where each
frame starts, and a seek walks frame and block headers (the sizes they state) instead of
decompressing the frames it passes.
"""

from __future__ import annotations

import bisect
import io
import os
from typing import Any, BinaryIO

import zstandard

from ..errors import InputError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
DICT_MAGIC = b"\x5d\x2a\x4d\x18"  # 0x184D2A5D, little-endian
RAW_DICT_MAGIC = b"\x37\xa4\x30\xec"
MAX_DICT_BYTES = 1 << 26  # the spec asks decoders for 8 MB; real dictionaries are ~100 KB
# Compressed bytes given to the decompressor at a time: what one call gives back is bounded by what
# it is given (1 KB of a zstd bomb, RLE blocks of zeros, makes at most 32 MB, as 16 KB of gzip makes 16 MB)
FEED = 1 << 10


def is_zstd(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a zstd-compressed WARC file (a frame or a dictionary)."""
    return head.startswith((ZSTD_MAGIC, DICT_MAGIC))


def _le(data: bytes) -> int:
    return int.from_bytes(data, "little")


def _skippable(magic: bytes) -> bool:
    return len(magic) == 4 and magic[1:] == b"\x2a\x4d\x18" and 0x50 <= magic[0] <= 0x5F


def _dictionary(raw: BinaryIO, path: str) -> tuple[zstandard.ZstdCompressionDict | None, int]:
    """The file's dictionary (None without one) and the byte where its first frame starts."""
    raw.seek(0)
    head = raw.read(8)
    if not head.startswith(DICT_MAGIC):
        return None, 0
    size = _le(head[4:8]) if len(head) == 8 else -1
    if size < 4 or size > MAX_DICT_BYTES:
        raise InputError("corrupt zstd WARC file (its dictionary frame states no usable size)", input=path)
    data = raw.read(size)
    if len(data) < size:
        raise InputError("truncated WARC file (it ends inside its zstd dictionary)", input=path)
    if data.startswith(ZSTD_MAGIC):
        try:
            data = zstandard.ZstdDecompressor().decompress(data, max_output_size=MAX_DICT_BYTES)
        except zstandard.ZstdError as exc:
            raise InputError(f"corrupt zstd WARC file (its compressed dictionary: {exc})", input=path) from None
    if not data.startswith(RAW_DICT_MAGIC):
        raise InputError("corrupt zstd WARC file (its dictionary frame holds no zstd dictionary)", input=path)
    return zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_FULLDICT), 8 + size


class Unzstd(io.RawIOBase):
    """The decompressed bytes of a .warc.zst file, for warcio to read as a plain file.

    Damage or a cut-off end reads as the end of the file, the reason kept in ``broken`` (or ``cut``
    set), as :class:`~newsdesk.ingest.warc._Inflated` does for gzip."""

    kind = "zstd"

    def __init__(self, raw: BinaryIO, path: str) -> None:
        super().__init__()
        self._raw = raw
        dictionary, start = _dictionary(raw, path)
        self._dctx = zstandard.ZstdDecompressor(dict_data=dictionary) if dictionary else zstandard.ZstdDecompressor()
        self._starts, self._where = [0], [start]  # known frame starts: decompressed offset, file offset
        self.broken: str | None = None
        self.cut = False
        self._at(0, start)

    def _at(self, offset: int, where: int) -> None:
        """Start reading at a frame boundary: ``offset`` in the decompressed bytes, ``where`` in the file."""
        self._raw.seek(where)
        self._pos, self._in, self._out, self._taken = offset, b"", b"", 0  # _taken: of _out, read already
        self._obj: zstandard.ZstdDecompressionObj | None = None  # the frame being decompressed
        self.broken, self.cut = None, False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._taken == len(self._out):
            if self.broken is not None or self.cut or not self._more():
                return 0
        count = min(len(buffer), len(self._out) - self._taken)
        buffer[:count] = self._out[self._taken:self._taken + count]
        self._taken += count
        self._pos += count
        return count

    def _need(self, count: int) -> bool:
        """Whether ``count`` unread bytes of the file are at hand in ``_in``."""
        while len(self._in) < count:
            block = self._raw.read(FEED)
            if not block:
                return False
            self._in += block
        return True

    def _skip(self, count: int) -> bool:
        """Pass ``count`` bytes of the file (a skippable frame); False when the file ends first."""
        if len(self._in) >= count:
            self._in = self._in[count:]
            return True
        target = self._raw.tell() + count - len(self._in)
        if target > os.fstat(self._raw.fileno()).st_size:
            return False
        self._raw.seek(target)
        self._in = b""
        return True

    def _more(self) -> bool:
        """Decompress some more into ``_out``; False at the end of the file, or at damage (noted)."""
        if self._obj is None:  # at a frame boundary
            if not self._need(1):
                return False  # the file's end, between frames
            if not self._need(8):
                self.cut = True
                return False
            magic = self._in[:4]
            if _skippable(magic):
                if not self._skip(8 + _le(self._in[4:8])):
                    self.cut = True
                    return False
                return True
            if magic != ZSTD_MAGIC:
                self.broken = f"no zstd frame at byte {self._raw.tell() - len(self._in)}"
                return False
            self._note(self._pos, self._raw.tell() - len(self._in))
            self._obj = self._dctx.decompressobj()
        frame = self._obj
        data, self._in = self._in or self._raw.read(FEED), b""
        if not data:
            self.cut = True
            return False
        self._out, self._taken = b"", 0  # let go of the last piece before the next is made
        try:
            self._out = frame.decompress(data)
        except zstandard.ZstdError as exc:
            self.broken = f"corrupt zstd data ({exc})"
            return False
        if frame.eof:
            self._in, self._obj = frame.unused_data, None
        return True

    def _note(self, offset: int, where: int) -> None:
        at = bisect.bisect_left(self._starts, offset)
        if at == len(self._starts) or self._starts[at] != offset:
            self._starts.insert(at, offset)
            self._where.insert(at, where)

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("only absolute seeks")
        if offset == self._pos:
            return self._pos
        at, here = bisect.bisect_right(self._starts, offset) - 1, self._raw.tell()
        start, where = self._walk(self._starts[at], self._where[at], offset)
        if offset < self._pos or start > self._pos:
            self._at(start, where)
        else:  # the place is in the frame being read, or just after: read on to it
            self._raw.seek(here)
        while self._pos < offset:
            if not self.read(min(offset - self._pos, 1 << 20)):
                break
        return self._pos

    def _walk(self, start: int, where: int, offset: int) -> tuple[int, int]:
        """The last frame that starts at or before ``offset``, found from the frame at ``start``
        (file byte ``where``) by the sizes the frame headers state; it stops at a frame that states
        no content size, or whose headers do not parse (reading from there finds what is wrong)."""
        while True:
            found = _frame(self._raw, where)
            if found is None or start + found[0] > offset:
                return start, where
            start, where = start + found[0], where + found[1]
            self._note(start, where)

    def size(self) -> int:
        """The decompressed length (read to the end to find it)."""
        while self.read(1 << 20):
            pass
        return self._pos

    def close(self) -> None:
        self._raw.close()
        super().close()


def _frame(raw: BinaryIO, where: int) -> tuple[int, int] | None:
    """The content size and the length in the file of the frame at ``where``, skippable frames after it
    included, from its headers alone; None where they do not say (or do not parse)."""
    raw.seek(where)
    head = raw.read(18)
    if not head.startswith(ZSTD_MAGIC) or len(head) < 6:
        return None
    descriptor = head[4]
    fcs_flag, single, checksum, dict_flag = descriptor >> 6, descriptor >> 5 & 1, descriptor >> 2 & 1, descriptor & 3
    fcs_bytes = (1 if single else 0, 2, 4, 8)[fcs_flag]
    if fcs_bytes == 0:
        return None  # no content size stated
    at = 5 + (0 if single else 1) + (0, 1, 2, 4)[dict_flag]
    field = head[at:at + fcs_bytes]
    if len(field) < fcs_bytes:
        return None
    content = _le(field) + (256 if fcs_bytes == 2 else 0)
    pos = where + at + fcs_bytes
    while True:
        raw.seek(pos)
        block = raw.read(3)
        if len(block) < 3:
            return None
        header = _le(block)
        kind, length = header >> 1 & 3, header >> 3
        if kind == 3:
            return None
        pos += 3 + (1 if kind == 1 else length)
        if header & 1:
            break
    pos += 4 if checksum else 0
    while True:  # skippable frames after it belong to no frame: pass them too
        raw.seek(pos)
        magic = raw.read(8)
        if not _skippable(magic[:4]) or len(magic) < 8:
            return content, pos - where
        pos += 8 + _le(magic[4:8])
