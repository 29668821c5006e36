"""Text dumps of very many lines: the line classifier's pass-2 features summed and maxed the whole
block for every line in it, so a dump of one block of short lines took quadratic time (40,000
lines: 72 s; 200,000, a 3.8 MB file: minutes and 1 GB); and no count of lines was refused."""

from __future__ import annotations

import random
import time
from pathlib import Path

from test_bad_input import extract_error

from newsdesk.extract import extract
from newsdesk.settings import Settings
from newsdesk.types import Fetched

WORDS = ("harbour", "board", "met", "Monday", "wall", "sea", "vote", "plans", "council", "residents")


def _dump(lines: int) -> str:
    rng = random.Random(2)
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(3)) for _ in range(lines))


def test_a_dump_of_one_long_block_takes_linear_time() -> None:
    page = Fetched(input="dump.txt", content=_dump(25_000), media_type="text/plain")
    started = time.process_time()  # CPU: a busy machine is no slower parser
    try:
        extract(page, settings=Settings.load(environ={}))
    except Exception as exc:  # what it finds does not matter here: how long it takes does
        assert "no article text" in str(exc)
    assert time.process_time() - started < 15  # was about 28 s, and four times that for twice the lines


def test_a_dump_past_max_dump_lines_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "dump.txt"
    page.write_text(_dump(150) + "\n\n\n")
    line = extract_error(str(page), env={"NEWSDESK_MAX_DUMP_LINES": "100"})
    assert line == f"newsdesk: error: {page}: a text dump of 150 lines (at most 100: max_dump_lines)"
