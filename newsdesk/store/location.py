"""Where the database is: ``--db URL``, else ``NEWSDESK_DB``, else a SQLite file under ``NEWSDESK_HOME``.

URL forms: a file path, ``sqlite:///PATH`` (``sqlite:////abs/path`` for an absolute one, as
SQLAlchemy spells it), ``:memory:``, ``postgresql://…`` (or ``postgres://…``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import StoreError

DEFAULT_FILE = "newsdesk.db"
MEMORY = (":memory:", "sqlite://", "sqlite:///:memory:")


@dataclass(frozen=True)
class Location:
    """A resolved database: a SQLite file (``target`` None for in-memory) or a PostgreSQL URL."""

    backend: Literal["sqlite", "postgres"]
    target: str | None


def data_home(environ: Mapping[str, str]) -> Path:
    """``NEWSDESK_HOME``, else the platform's folder for a user's application data."""
    if environ.get("NEWSDESK_HOME"):
        return Path(environ["NEWSDESK_HOME"]).expanduser()
    home = Path(environ.get("HOME") or Path.home())
    if sys.platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "newsdesk"


def resolve(url: str | None, environ: Mapping[str, str] | None = None) -> Location:
    env = os.environ if environ is None else environ
    if url is not None and not url.strip():  # a `--db ""` (a script's unset variable) is no default
        raise StoreError("an empty database location (leave --db out for the default)", input=repr(url))
    url = (url or env.get("NEWSDESK_DB") or "").strip()
    if not url:
        home = data_home(env)
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder ({exc.strerror or exc})", input=str(home)) from None
        return Location("sqlite", str(home / DEFAULT_FILE))
    if url in MEMORY:
        return Location("sqlite", None)
    if url.startswith(("postgresql://", "postgres://")):
        return Location("postgres", url)
    if url.startswith("sqlite:///"):
        return Location("sqlite", os.path.expanduser(url.removeprefix("sqlite:///")))
    if re.match(r"(host|hostaddr|port|dbname|user|password|service)\s*=", url):
        # libpq's key=value form would otherwise become a SQLite file named after it, password and all
        raise StoreError("a libpq key=value string; give PostgreSQL as a URL: postgresql://USER@HOST:PORT/DB",
                         input=url.split("=")[0].strip() + "=…")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", url):
        raise StoreError("unsupported database URL (use a file path, sqlite:///PATH, :memory: or postgresql://…)",
                         input=url.split("://")[0] + "://…")
    return Location("sqlite", os.path.expanduser(url))
