"""A NUL byte past the head the binary check reads (a stray one in a long page): SQLite stored it,
PostgreSQL refused the article ("database error (UntranslatableCharacter ...)"), so one input was
stored or lost by the database it went to. Now it is dropped when the bytes are decoded, as an
HTML parser drops it; a NUL in the head still marks binary content."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_support import BACKENDS, pg_schema

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest.decode import decode
from newsdesk.store import open_store

WORDS = ("harbour", "board", "council", "wall", "residents", "plans", "vote", "budget", "engineers", "storm",
         "tide", "funding", "mayor", "quarter", "contract", "delay")
PARAGRAPHS = "\n\n".join(  # over 8 KB of prose, no two paragraphs alike
    f"The {WORDS[i % 16]} and the {WORDS[(i * 7 + 3) % 16]} came up again on day {i}, when the "
    f"{WORDS[(i * 5 + 1) % 16]} said the {WORDS[(i * 3 + 2) % 16]} would wait for the {WORDS[(i + 9) % 16]}."
    for i in range(120))


@contextmanager
def _db(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "postgres":
        with pg_schema() as url:
            yield url
    else:
        yield str(tmp_path / "n.db")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_stray_nul_is_dropped_on_every_backend(tmp_path: Path, backend: str) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(f"Harbour wall\n\n{PARAGRAPHS}\n".replace("on day 84,", "on day\x00 84,").encode())
    with _db(backend, tmp_path) as db:
        result = CliRunner().invoke(cli, ["ingest", "--db", db, "--no-analyze", str(page)])
        assert result.exit_code == 0, result.output
        with open_store(db) as store:
            [article] = list(store.articles())
    assert "on day 84," in article.text and "\x00" not in article.text


def test_a_nul_in_the_head_is_still_binary() -> None:
    with pytest.raises(InputError, match="binary content"):
        decode(b"Harbour\x00 wall\n\n" + PARAGRAPHS.encode(), "page.txt")
    assert decode(b"\xff\xfe" + "Harbour wall\x00".encode("utf-16-le"), "page.txt") == ("Harbour wall", "utf-16")
