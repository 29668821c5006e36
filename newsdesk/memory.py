"""Garbage collection tuned for newsdesk's work: many short-lived objects beside large long-lived ones.

Every thousand articles allocate millions of short-lived objects (lxml element proxies, spaCy
tokens, the records' dataclasses), next to hundreds of megabytes of objects that live as long as
the process (the spaCy model, the gazetteer, imported modules). With CPython's defaults a
collection runs every 700 net allocations, and the older generations, long-lived objects and
all, are scanned again and again. Measured on the 91 extraction-benchmark pages: a quarter of
extraction's CPU time and a fifth of the NLP stage's.

So the command line collects less often, and *freezes* what is alive once the models are
loaded: frozen objects are never scanned again. Freezing right before forking also keeps the
collector of a worker process from writing to its parent's pages (copy-on-write), as the
:func:`gc.freeze` documentation advises.
"""

from __future__ import annotations

import gc

# Collect the youngest generation after 50,000 net allocations instead of 700; the older ones
# after 20 and 100 of those (CPython's own conditions on the oldest still apply).
THRESHOLDS = (50_000, 20, 100)


def batch_collection() -> None:
    """Collect less often, for the rest of this process (command-line entry points call it)."""
    gc.set_threshold(*THRESHOLDS)


def freeze_loaded() -> None:
    """Leave every object alive now out of all later collections: call it once the long-lived
    state (models, tables) is loaded, and right before forking workers."""
    gc.freeze()
