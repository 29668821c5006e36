"""Run a producer in a forked child process and read what it yields here, in order.

``newsdesk analyze`` on many inputs loads the spaCy model (1.5 CPU seconds, imports included)
before its worker processes can start, and with extraction in the same process, one core would
idle all that time on a 2-core machine. So the extraction starts in a child at once, and the
parent reads the extracted articles once the model is loaded. The queue between them is bounded:
a long stream is never read far ahead of the analysis.

Where processes cannot fork (macOS, Windows), the producer runs in this process, as before.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import NewsdeskError

T = TypeVar("T")


@dataclass(frozen=True)
class _End:
    error: str | None = None  # the producer's failure, when it failed


def prefetched(produce: Callable[[], Iterable[T]], *, depth: int = 64) -> Iterator[T]:
    """The items of ``produce()``, made in a child process forked now (at most ``depth`` ahead).

    Items must pickle. A failure of the producer, or a child that dies, raises NewsdeskError
    from the iterator after the items made before it. The child reads no standard input.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return iter(produce())
    context = multiprocessing.get_context("fork")
    channel: Any = context.Queue(maxsize=depth)
    child = context.Process(target=_run, args=(produce, channel), name="newsdesk-prefetch", daemon=True)
    child.start()
    return _read(child, channel)


def _read(child: Any, channel: Any) -> Iterator[Any]:
    try:
        while True:
            try:
                item = channel.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise NewsdeskError(f"the extraction process died (exit status {child.exitcode})") from None
                continue
            if isinstance(item, _End):
                if item.error is not None:
                    raise NewsdeskError(f"the extraction process failed: {item.error}")
                return
            yield item
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        channel.close()


def _run(produce: Callable[[], Iterable[Any]], channel: Any) -> None:
    try:
        for item in produce():
            channel.put(item)
    except BaseException as exc:  # reported to the parent, which raises it
        channel.put(_End(f"{type(exc).__name__}: {exc}"))
    else:
        channel.put(_End())
    channel.close()
    channel.join_thread()
