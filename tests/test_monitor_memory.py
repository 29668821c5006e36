"""The monitor's memory: big pages are not extracted all at once by the workers, and what a big page's
extraction freed goes back to the system, whichever thread it ran in (bench/monitor_memory.py measures)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_monitor_support import article_page, loopback_settings

from newsdesk.ingest.http import Fetcher
from newsdesk.monitor import work
from newsdesk.monitor.checks import Item
from newsdesk.monitor.work import Budget, process
from newsdesk.types import Article, Fetched


def _page_item(n: int, size: int) -> Item:
    filler = "<nav>" + "<a href='/x'>menu</a>" * (size // 20) + "</nav>"
    page = Fetched(input=f"page-{n}", content=article_page(n).replace("<body>", "<body>" + filler))
    return Item(f"page-{n}", 1, page=page)


def test_big_pages_are_not_extracted_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight workers given six 0.7 MB pages: the characters in the extract stage at once stay within the
    budget (each parse takes some 40 times its page): they were all parsed together, 4 MB of pages."""
    real = work.extract
    lock = threading.Lock()
    inside: list[int] = []
    most = [0]

    def watched(page: Fetched, **kwargs: object) -> Article:
        with lock:
            inside.append(len(page.content))
            most[0] = max(most[0], sum(inside))
        try:
            time.sleep(0.05)  # long enough for the other workers to come in
            return real(page, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                inside.remove(len(page.content))

    monkeypatch.setattr(work, "extract", watched)
    settings = loopback_settings()
    items = [_page_item(n, 700_000) for n in range(6)]
    with Fetcher(settings) as fetcher, ThreadPoolExecutor(8) as pool:
        budget = Budget(work.EXTRACT_BUDGET)
        results = list(pool.map(lambda item: process(item, fetcher, settings, budget=budget), items))
    assert all(r.article is not None and "harbour board met" in r.article.text for r in results)
    assert 700_000 <= most[0] <= work.EXTRACT_BUDGET


def test_budget_lets_small_asks_share_and_a_big_one_go_alone() -> None:
    budget = Budget(10)
    order: list[str] = []
    big_in = threading.Event()
    release = threading.Event()

    def hold(name: str, amount: int, until: threading.Event | None = None) -> None:
        with budget.taking(amount):
            order.append(name)
            assert budget.taken <= 10 or budget.taken == amount  # a larger ask goes alone
            if name == "big":
                big_in.set()
            if until is not None:
                until.wait(5)

    first = threading.Thread(target=hold, args=("small-1", 4, release))
    first.start()
    while budget.taken != 4:
        time.sleep(0.001)
    big = threading.Thread(target=hold, args=("big", 25))
    big.start()
    while not budget._queue:
        time.sleep(0.001)
    late = threading.Thread(target=hold, args=("small-2", 4))  # would fit, but comes after the big one
    late.start()
    time.sleep(0.05)
    assert order == ["small-1"] and not big_in.is_set()  # the big ask waits for the room to clear ...
    release.set()
    for thread in (first, big, late):
        thread.join(5)
    assert order == ["small-1", "big", "small-2"]  # ... and the small one asking later waits behind it
    assert budget.taken == 0


def test_a_big_page_hands_its_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each thread's allocations live in an arena of its own: what a big page's parse freed in one was not
    reused by the next big page's thread, and a pass's memory grew by every big page it met."""
    handed: list[int] = []
    monkeypatch.setattr(work, "give_back_freed", lambda: handed.append(1))
    settings = loopback_settings()
    with Fetcher(settings) as fetcher:
        assert process(_page_item(1, 20_000), fetcher, settings).article is not None
        assert not handed  # a small page: nothing to hand back worth the call
        assert process(_page_item(2, work.BIG_PAGE), fetcher, settings).article is not None
    assert handed == [1]
