"""Memory management tuned for newsdesk's work: many short-lived objects beside large long-lived ones.

Garbage collection. Every thousand articles allocate millions of short-lived objects (lxml
element proxies, spaCy tokens, the records' dataclasses), next to hundreds of megabytes of
objects that live as long as the process (the spaCy model, the gazetteer, imported modules).
With CPython's defaults a collection runs every 700 net allocations, and the older generations,
long-lived objects and all, are scanned again and again: measured on the 91 extraction-benchmark
pages, a quarter of extraction's CPU time and a fifth of the NLP stage's. So the command line
collects less often, and *freezes* what is alive once the models are loaded: frozen objects are
never scanned again. Freezing right before forking also keeps a worker's collector from writing
to its parent's pages (copy-on-write), as the :func:`gc.freeze` documentation advises.

Allocation. The models' arrays are large and short-lived; glibc serves blocks over its mmap
threshold with fresh pages from the kernel and hands freed heap tops back, so the same memory
is faulted in again and again (600,000 page faults, 3 s of system time, for 300 articles). A
fixed threshold of 32 MiB and a 256 MiB trim threshold keep them in the heap (175,000 faults).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import os
from typing import Any

# Collect the youngest generation after 50,000 net allocations instead of 700; the older ones
# after 20 and 100 of those (CPython's own conditions on the oldest still apply).
THRESHOLDS = (50_000, 20, 100)
# glibc's mallopt parameters (malloc.h) and the values set.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_MALLOPT = ((_M_MMAP_THRESHOLD, 32 << 20), (_M_TRIM_THRESHOLD, 256 << 20), (_M_TOP_PAD, 16 << 20))


def batch_process() -> None:
    """Tune this process for batch work (command-line entry points and worker processes call it)."""
    gc.set_threshold(*THRESHOLDS)
    _tune_glibc_malloc()


def freeze_loaded() -> None:
    """Leave every object alive now out of all later collections: call it once the long-lived
    state (models, tables) is loaded, and right before forking workers."""
    gc.freeze()


def give_back_freed() -> None:
    """Hand the memory freed in every allocator arena back to the system (glibc's ``malloc_trim``); no-op
    elsewhere. Each thread allocates in an arena of its own, and what one freed (a big page's parse tree)
    stayed there, unused by the others: a few big pages, each extracted by another thread, piled up."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    if not _glibc():
        return None
    trim = ctypes.CDLL(None).malloc_trim
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return trim


def _glibc() -> bool:
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        return False
    return libc is not None and libc.startswith("glibc")


def _tune_glibc_malloc() -> None:
    if not _glibc():  # not a glibc system: its allocator has its own policy
        return
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    for param, value in _MALLOPT:
        mallopt(param, value)
