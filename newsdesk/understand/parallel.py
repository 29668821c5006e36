"""Understand articles on several cores: batches go to worker processes, results come back in order.

Each worker holds one :class:`~newsdesk.understand.Analyzer`. Where the platform can fork, the
workers inherit the parent's (the spaCy model is loaded once and shared copy-on-write); elsewhere
each worker loads its own from the same model name. At most two batches per worker are in flight,
so a long stream is never read ahead into memory. Each worker keeps numpy's BLAS to one thread.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..errors import AnalysisError
from ..memory import batch_process, freeze_loaded
from ..types import Article
from .blas import single_threaded_blas

if TYPE_CHECKING:
    from . import Analyzer

# The worker process's analyzer, set once by its initializer: per-process, never shared.
_WORKER: dict[str, Analyzer] = {}


def _start(analyzer: Analyzer | None, model: str, events: bool) -> None:
    # Ctrl-C reaches the whole process group: an idle worker printed a multiprocessing traceback;
    # it ends at once and quietly, and the parent says "interrupted" once (as backfill's workers do)
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    single_threaded_blas()
    batch_process()
    if analyzer is None:
        from . import Analyzer

        analyzer = Analyzer(model, events=events)
    _WORKER["analyzer"] = analyzer


def _understand(batch: Sequence[Article]) -> list[Article | AnalysisError]:
    return _WORKER["analyzer"].understand(batch)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def pipe_parallel(analyzer: Analyzer, articles: Iterable[Article], *, batch_size: int,
                  n_process: int) -> Iterator[Article | AnalysisError]:
    """``analyzer.understand`` over ``articles`` on ``n_process`` worker processes, in input order."""
    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods
    context = multiprocessing.get_context("fork" if forked else "spawn")
    pending: deque[Future[list[Article | AnalysisError]]] = deque()
    freeze_loaded()  # the workers' collections then leave the parent's pages (the model) shared
    with ProcessPoolExecutor(n_process, mp_context=context, initializer=_start,
                             initargs=(analyzer if forked else None, analyzer.model, analyzer.events)) as pool:
        for batch in _batches(articles, batch_size):
            pending.append(pool.submit(_understand, batch))
            while len(pending) >= 2 * n_process:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
