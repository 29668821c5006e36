"""Read one input (a file, ``-`` for stdin, or a URL) into a :class:`Fetched` page."""

from __future__ import annotations

import os
import select
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..settings import Settings
from ..types import Fetched
from .decode import GZIP_MAGIC, decode, inflate
from .fetch import fetch_url, is_url
from .mhtml import SUFFIXES as MHTML_SUFFIXES
from .mhtml import is_mhtml, mhtml_page
from .sniff import PEEK, looks_html
from .warc import SITE_FILES
from .warc import SUFFIXES as WARC_SUFFIXES

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".html.gz", ".htm.gz", ".txt.gz", *MHTML_SUFFIXES)
NO_PAGES = f"folder holds no pages ({', '.join(PAGE_SUFFIXES)})"
NO_INPUTS = f"folder holds no pages ({', '.join(PAGE_SUFFIXES)}) or WARC files ({', '.join(WARC_SUFFIXES)})"


def expand_inputs(inputs: list[str], *, keep_empty: bool = False, warcs: bool = False) -> list[str]:
    """Expand folders into the page files under them (sorted); other inputs pass as given.

    ``warcs``: WARC files in a folder are inputs too (the commands read each archived page; a
    folder of crawls said it held no pages). A folder holding nothing to read raises, or with
    ``keep_empty`` stays as given, for :func:`load` to refuse in its place (one input among many
    must not cost the others)."""
    out: list[str] = []
    suffixes = PAGE_SUFFIXES + (WARC_SUFFIXES if warcs else ())
    for item in inputs:
        if item != "-" and not is_url(item) and os.path.isdir(item):
            if len(inputs) > 1 and _companion(Path(item)):
                continue  # `extract saved/*`: a saved page's NAME_files folder beside it, no input of its own
            pages = _pages(item, suffixes)
            if not pages and not keep_empty:
                raise InputError(NO_INPUTS if warcs else NO_PAGES, input=item)
            out.extend(pages or [item])
        else:
            out.append(item)
    return out


def _pages(folder: str, suffixes: tuple[str, ...]) -> list[str]:
    top = Path(folder)
    return sorted(
        str(p) for p in top.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() not in SITE_FILES
        and (p.name.lower().endswith(suffixes) or _unnamed_page(p)) and not _in_companion(p, top)
    )


# What a site's files are, by their suffix: not looked into (a mirror holds thousands of them)
_NOT_PAGES = frozenset({
    ".css", ".js", ".mjs", ".map", ".json", ".xml", ".rss", ".atom", ".csv", ".png", ".jpg", ".jpeg",
    ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf",
    ".otf", ".eot", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".mp3", ".mp4",
    ".m4a", ".webm", ".ogg", ".wav", ".mov", ".avi", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
    ".odt", ".wasm", ".exe", ".bin", ".iso", ".dmg", ".warc", ".wacz", ".md",
})


def _unnamed_page(path: Path) -> bool:
    """Whether a file named as no page is one all the same: ``wget -r`` (without -E) saves pages under
    their URL's name, ``index.php?id=5``, ``story``, ``article.aspx``; one that starts with HTML
    markup is a page, anything else (an image, a style sheet, a feed) is skipped without a word."""
    suffix = os.path.splitext(path.name.split("?", 1)[0])[1].lower()
    if suffix in _NOT_PAGES:
        return False
    try:
        with path.open("rb") as fh:
            return looks_html(fh.read(PEEK))
    except OSError:
        return False  # unreadable: not a page this folder can offer


# What a browser adds to a saved page's name for the folder of its files, in the user's language
# (Windows keeps the two together by these: its "connected files"); a German Firefox saves
# "Seite.html" and "Seite-Dateien", whose ads were read as pages.
_COMPANIONS = ("_files", ".files", "-dateien", "_fichiers", "_archivos", "_arquivos", "_ficheiros", "_bestanden",
               "_file", "_pliki", "_soubory", "_tiedostot", "-filer", "_filer", "_dosyalar", "_elemei", "_fájlok",
               "_datoteke", "_fajlovi", "_failid", "_fails", "_bylos", "_fitxers", "_fitxategiak")


def _in_companion(path: Path, top: Path) -> bool:
    """Whether ``path`` lies in the NAME_files folder a browser saves beside NAME.html ("Web page,
    complete"): its saved_resource.html files are the page's ads and widgets, each an error line
    ("no article text found") that set the exit status of every folder of saved pages to 1."""
    # the last parent is '.': the folder given itself
    return any(_companion(top / parent) for parent in path.relative_to(top).parents)


def _companion(folder: Path) -> bool:
    name = folder.name
    return any(name.lower().endswith(suffix) and any(folder.with_name(name[:-len(suffix)] + ext).is_file()
                                                     for ext in (".html", ".htm", ".xhtml"))
               for suffix in _COMPANIONS)


def load(item: str, settings: Settings, stdin: BinaryIO | None = None) -> Fetched:
    """Read and decode one input; raises :class:`InputError` naming it on any failure."""
    if is_url(item):
        return fetch_url(item, settings)
    if item == "-":
        data = _read_capped(stdin or sys.stdin.buffer, settings.max_input_bytes, "-")
        return _decoded(item, data, settings, None)
    if not item.strip():  # Path("") is the current folder: `extract "$PAGE"` with PAGE unset said "is a folder"
        raise InputError("an empty name, of no file, folder or URL", input=item)
    path = Path(item)
    try:
        if path.is_dir():
            # reached for a folder expand_inputs(keep_empty=True) kept: one with nothing to read in it
            empty = not _pages(item, PAGE_SUFFIXES + WARC_SUFFIXES)
            raise InputError(NO_INPUTS if empty else "is a folder (pass it alone to read the pages in it)", input=item)
        with _opened(path, item, settings.fetch_timeout) as fh:
            data = _read_capped(fh, settings.max_input_bytes, item)
    except FileNotFoundError:
        raise InputError("no such file", input=item) from None
    except PermissionError:
        raise InputError("permission denied", input=item) from None
    except IsADirectoryError:
        raise InputError("is a folder", input=item) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", input=item) from None
    return _decoded(item, data, settings, _media_type_for(item))


def _opened(path: Path, item: str, wait: float) -> BinaryIO:
    """The file opened for reading; a named pipe only once something was written to it within ``wait``
    seconds: opening one that nothing writes to waited forever (``extract``, and a monitor worker
    for a file source), with no word of why."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe with no writer opens at once, so
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode) and not select.select([fd], [], [], wait)[0]:
            raise InputError(f"a named pipe that nothing wrote to in {wait:g} s", input=item)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _decoded(item: str, data: bytes, settings: Settings, media_type: str | None) -> Fetched:
    if data.startswith(GZIP_MAGIC):
        data = inflate(data, settings.max_input_bytes, item)
    if is_mhtml(data):
        return mhtml_page(item, data)
    if data.startswith(b"WARC/"):  # read as one page, a whole crawl came out as one article of its headers
        raise InputError("a WARC file, not a page: give it a .warc or .warc.gz name to read its pages", input=item)
    text, encoding = decode(data, item)
    if not text.strip():
        raise InputError("empty input", input=item)
    return Fetched(input=item, content=text, media_type=media_type, encoding=encoding)


def _read_capped(fh: BinaryIO, limit: int, name: str) -> bytes:
    # Compressed input may be a little over the cap and still inflate under it; read the cap
    # plus one byte so an oversized input is refused without reading all of it.
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"larger than {limit} bytes", input=name)
    return data


def _media_type_for(item: str) -> str | None:
    name = item.lower().removesuffix(".gz")
    if name.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    if name.endswith(".txt"):
        return "text/plain"
    return None
