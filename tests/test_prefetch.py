"""Producing in a forked child (newsdesk/prefetch.py), and analyze's use of it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.errors import NewsdeskError
from newsdesk.prefetch import prefetched


def _numbers(n: int) -> Iterator[dict[str, int]]:
    for i in range(n):
        yield {"i": i, "pid": os.getpid()}


def test_items_come_in_order_from_a_child_process() -> None:
    items = list(prefetched(lambda: _numbers(500), depth=8))
    assert [x["i"] for x in items] == list(range(500))
    assert {x["pid"] for x in items} != {os.getpid()}


def _failing() -> Iterator[int]:
    yield 1
    yield 2
    raise ValueError("page 3 broke the producer")


def test_a_failing_producer_raises_after_what_it_made() -> None:
    got: list[int] = []
    with pytest.raises(NewsdeskError, match="ValueError: page 3 broke the producer"):
        for x in prefetched(_failing):
            got.append(x)
    assert got == [1, 2]


def _dying() -> Iterator[int]:
    yield 1
    os._exit(3)


def test_a_dead_child_is_an_error_not_a_hang() -> None:
    with pytest.raises(NewsdeskError, match="died"):
        list(prefetched(_dying))


def test_analyze_many_inputs_keeps_their_order_and_errors(tmp_path: Path) -> None:
    pages = []
    for i, city in enumerate(["Kyiv", "Paris", "Ankara"]):
        page = tmp_path / f"{i}.html"
        body = f"<p>Officials in {city} said on Monday that talks would resume next week, a spokesman said.</p>"
        page.write_text(f"<html><head><title>Talks {city}</title></head><body><article>{body * 3}</article>"
                        "</body></html>")
        pages.append(str(page))
    empty = tmp_path / "empty.html"
    empty.write_text("")
    inputs = [pages[0], str(empty), pages[1], pages[2]]
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", "--workers", "2", *inputs])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in records] == inputs
    assert "error" in records[1] and all("entities" in records[k] for k in (0, 2, 3))
    assert "Paris" in records[2]["title"]
