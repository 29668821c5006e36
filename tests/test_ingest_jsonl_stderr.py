"""`ingest --jsonl` keeps stdout JSON lines only and, as extract and analyze do, says on stderr
that inputs failed: exit status 1 with an empty stderr told a cron job nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli

ARTICLE = ("Harbour council votes on the new sea wall\n\n" + "The council of the harbour town voted on Tuesday "
           "to build a new sea wall after the storms of last winter flooded the old quarter twice. " * 3)


def test_ingest_jsonl_counts_failed_inputs_on_stderr(tmp_path: Path) -> None:
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--jsonl", "--db", str(tmp_path / "n.db"),
                                      str(good), str(empty)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in line) for line in lines] == [False, True]
    assert result.stderr.strip() == "newsdesk: error: 1 of 2 inputs failed (their lines on stdout say why)"


def test_ingest_jsonl_says_a_bad_date_on_stderr_too(tmp_path: Path) -> None:
    page = tmp_path / "good.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--jsonl", "--published", "yesterday-ish", "--db",
                                      str(tmp_path / "n.db"), str(page)])
    assert result.exit_code == 1
    assert "error" in json.loads(result.stdout)
    assert result.stderr.startswith("newsdesk: error: --published") and len(result.stderr.splitlines()) == 1
