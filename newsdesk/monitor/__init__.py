"""The monitor: sources checked on a schedule, politely; new articles fetched, extracted, analysed, stored.

Public surface: :class:`Monitor` (one pass with ``run_once``, or ``run`` until stopped),
:class:`PassReport`, :class:`Log` (structured logs), :func:`source_target` (what a source is).
See ``docs/monitoring.md``.
"""

from .log import Log
from .loop import Monitor, PassReport, Pipe
from .targets import KINDS, source_target

__all__ = ["KINDS", "Log", "Monitor", "PassReport", "Pipe", "source_target"]
