"""Files for a backfill through pyarrow's filesystems: local paths and ``file://``, ``s3://``,
``gs://``, ``hdfs://`` URIs alike (as far as the pyarrow build supports them).

:func:`find_warcs` expands inputs (files, folders, globs) into :class:`WarcInput`; :class:`Folder`
is the output folder, whose writes are atomic (a temporary name, then a rename).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import InputError
from ..ingest.warc import SUFFIXES, is_warc
from .records import WarcInput

_GLOB = re.compile(r"[*?[]")
CHUNK = 1 << 20
INGEST = "saved pages go in with `newsdesk ingest`, JSONL of texts with `newsdesk analyze --input-jsonl`"
WARC_NAMES = ", ".join(SUFFIXES)
NOT_WARC = f"not a WARC file ({WARC_NAMES}); {INGEST}"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".mhtml", ".mht", ".jsonl", ".html.gz", ".htm.gz", ".jsonl.gz")


def is_uri(item: str) -> bool:
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", item) is not None


def normalise(item: str) -> str:
    """A local path made absolute; ``s3a://``/``s3n://`` (Hadoop's names) read as ``s3://``; URIs kept."""
    if is_uri(item):
        return re.sub(r"^s3[an]://", "s3://", item)
    return os.path.abspath(os.path.expanduser(item))


def filesystem(uri: str) -> tuple[Any, str]:
    """The pyarrow filesystem holding ``uri`` and the path inside it."""
    from pyarrow import fs

    uri = normalise(uri)
    if not is_uri(uri):
        return fs.LocalFileSystem(), uri
    try:
        filesys, path = fs.FileSystem.from_uri(uri)
        return filesys, str(path)
    except (OSError, ValueError) as exc:  # ArrowInvalid is a ValueError
        raise InputError(f"cannot open this filesystem ({exc})", input=uri) from None


def _uri(prefix_uri: str, fs_path: str, base: str) -> str:
    """The URI of ``fs_path``, found under ``base`` (the fs path of ``prefix_uri``)."""
    return prefix_uri.rstrip("/") + fs_path[len(base.rstrip("/")):]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A shell glob as a regex: ``*`` and ``?`` stay within a folder, ``**`` crosses folders."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] in "*?":
            out, i = out + ("[^/]*" if pattern[i] == "*" else "[^/]"), i + 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            out, i = out + "[" + pattern[i + 1:end].replace("!", "^", 1) + "]", end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def key_of(uri: str) -> str:
    return hashlib.sha256(uri.encode("utf-8")).hexdigest()[:16]


def find_warcs(inputs: list[str]) -> list[WarcInput]:
    """Every WARC file named by ``inputs`` (files, folders searched recursively, globs), sorted
    within each input, each once. Raises :class:`InputError` for an input that names none."""
    from pyarrow import fs

    found: dict[str, WarcInput] = {}
    for item in inputs:
        uri = normalise(item)
        glob = _GLOB.search(uri)
        root = uri[:glob.start()].rsplit("/", 1)[0] if glob else uri
        filesys, base = filesystem(root or "/")
        try:
            info = filesys.get_file_info(base)
            if info.type == fs.FileType.NotFound:
                raise InputError("no such file or folder", input=item)
            if info.type == fs.FileType.File and not glob:
                if not is_warc(info.path):  # a page, a JSONL file: refused here, not read as a broken WARC
                    raise InputError(NOT_WARC, input=item)
                infos = [info]
            else:
                listed = (_local_files(filesys, base) if isinstance(filesys, fs.LocalFileSystem)
                          else filesys.get_file_info(fs.FileSelector(base, recursive=True)))
                infos = [i for i in listed if i.type == fs.FileType.File and is_warc(i.path)
                         and not os.path.basename(i.path).startswith(".")]
        except OSError as exc:
            raise InputError(f"cannot list ({exc})", input=item) from None
        hits = []
        for i in sorted(infos, key=lambda i: i.path):
            file_uri = _uri(root, i.path, base)
            if glob and not _glob_regex(uri).fullmatch(file_uri):
                continue
            mtime = i.mtime.timestamp() if i.mtime is not None else 0.0
            hits.append(WarcInput(file_uri, int(i.size or 0), mtime, key_of(file_uri)))
        if not hits:
            pages = info.type == fs.FileType.Directory and _holds_pages(filesys, base)
            raise InputError(f"no WARC files ({WARC_NAMES}) here" + (f"; {INGEST}" if pages else ""), input=item)
        for hit in hits:  # a local file once, whatever the links that lead to it
            found.setdefault(hit.uri if is_uri(hit.uri) else os.path.realpath(hit.uri), hit)
    return list(found.values())


def _local_files(filesys: Any, base: str) -> list[Any]:
    """The files under a local folder, symbolic links to folders followed but each folder read once:
    pyarrow's recursive listing followed a link back up until the path grew too long (every WARC
    file under it done 40 times over), and two such links made it list forever."""
    paths: list[str] = []
    seen: set[tuple[int, int]] = set()
    for top, dirs, files in os.walk(base, followlinks=True):
        info = os.stat(top)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs.sort()
        paths.extend(os.path.join(top, name) for name in files)
    return list(filesys.get_file_info(paths)) if paths else []


def _holds_pages(filesys: Any, base: str) -> bool:
    """Whether a local folder holds saved pages or JSONL files (for the hint when it holds no WARC)."""
    from pyarrow import fs

    if not isinstance(filesys, fs.LocalFileSystem):
        return False
    return any(name.lower().endswith(PAGE_SUFFIXES) for _, _, names in os.walk(base) for name in names)


def sha256_of(uri: str) -> str:
    filesys, path = filesystem(uri)
    digest = hashlib.sha256()
    # compression=None: pyarrow would inflate a .gz by its name (a cut-off .warc.gz then failed whole)
    with filesys.open_input_stream(path, compression=None) as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def local_copy(uri: str) -> Iterator[str]:
    """A local path holding the file: the path itself, or a temporary copy of a remote file."""
    if not is_uri(uri) or uri.startswith("file://"):
        yield filesystem(uri)[1]
        return
    filesys, path = filesystem(uri)
    folder = tempfile.mkdtemp(prefix="newsdesk-warc-")
    try:
        local = os.path.join(folder, os.path.basename(path))
        with filesys.open_input_stream(path, compression=None) as stream, open(local, "wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        yield local
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Folder:
    """The output folder: relative paths in, atomic writes and renames."""

    def __init__(self, uri: str) -> None:
        self.uri = normalise(uri).rstrip("/")
        self.fs, self.base = filesystem(self.uri)
        self.base = self.base.rstrip("/")

    def path(self, rel: str) -> str:
        return f"{self.base}/{rel}" if rel else self.base

    def child(self, rel: str) -> str:
        """The URI of a path inside, as Spark or another process would name it."""
        return f"{self.uri}/{rel}"

    def make(self, rel: str) -> None:
        self.fs.create_dir(self.path(rel), recursive=True)

    def exists(self, rel: str) -> bool:
        from pyarrow import fs

        return bool(self.fs.get_file_info(self.path(rel)).type != fs.FileType.NotFound)

    def list(self, rel: str, recursive: bool = False, dirs: bool = False) -> list[str]:
        """Paths (relative to this folder) of the files, or folders, under ``rel``; [] if none."""
        from pyarrow import fs

        if not self.exists(rel):
            return []
        kind = fs.FileType.Directory if dirs else fs.FileType.File
        infos = self.fs.get_file_info(fs.FileSelector(self.path(rel), recursive=recursive))
        return sorted(i.path[len(self.base) + 1:] for i in infos if i.type == kind)

    def read_text(self, rel: str) -> str:
        with self.fs.open_input_stream(self.path(rel)) as stream:
            return bytes(stream.read()).decode("utf-8")

    def write_text(self, rel: str, text: str) -> None:
        """Write a whole file under a temporary name, then rename it into place."""
        parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
        self.make(parent)
        tmp = f"{rel}.{uuid.uuid4().hex}.tmp"
        with self.fs.open_output_stream(self.path(tmp)) as out:
            out.write(text.encode("utf-8"))
        self.move(tmp, rel)

    def move(self, src: str, dst: str) -> None:
        """Rename ``src`` to ``dst``, replacing it (a rename: atomic on a local or HDFS folder)."""
        parent = dst.rsplit("/", 1)[0] if "/" in dst else ""
        self.make(parent)
        if self.exists(dst) and not isinstance(self.fs, _local_type()):
            self.fs.delete_file(self.path(dst))  # object stores and HDFS refuse to rename onto a file
        self.fs.move(self.path(src), self.path(dst))

    def delete(self, rel: str) -> None:
        from pyarrow import fs

        kind = self.fs.get_file_info(self.path(rel)).type
        if kind == fs.FileType.Directory:
            self.fs.delete_dir(self.path(rel))
        elif kind == fs.FileType.File:
            self.fs.delete_file(self.path(rel))


def _local_type() -> type:
    from pyarrow import fs

    return fs.LocalFileSystem  # type: ignore[no-any-return]
