"""Structured logs for the monitor: one JSON object per line (or a readable line on a terminal).

Each line has ``ts`` (ISO-8601 UTC), ``level`` (info, warning, error), ``event`` (what happened:
``source.checked``, ``article.stored``, …) and the event's own fields.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any, TextIO

from ..ingest.safety import without_password

LEVELS = ("info", "warning", "error")


class Log:
    def __init__(self, out: TextIO | None, *, json_lines: bool = True, quiet: bool = False) -> None:
        """``out`` None: a log that writes nothing."""
        self._out = out
        self._json = json_lines
        self._quiet = quiet
        self._lock = threading.Lock()

    def __call__(self, event: str, level: str = "info", /, **fields: Any) -> None:
        if self._out is None or (self._quiet and level == "info"):
            return
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        # a source's login (https://user:password@…) stays out of the log, in any field that names a URL
        fields = {k: without_password(v) if isinstance(v, str) else v for k, v in fields.items()}
        if self._json:
            line = json.dumps({"ts": stamp, "level": level, "event": event, **fields}, ensure_ascii=False,
                              default=str)
        else:
            rest = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None)
            line = f"{stamp[11:19]} {level.upper():7} {event:16} {rest}"
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()
