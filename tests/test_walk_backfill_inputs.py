"""A researcher's other archives (saved pages, JSONL of texts) given to the backfill: one line that
says where they go, before any work, where a page or JSONL file was read as a broken WARC file
(and the hint sent JSONL to `newsdesk ingest`, which does not read it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK


def _backfill(tmp_path: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--output", str(tmp_path / "out"), str(target)],
                          capture_output=True, text=True, timeout=120)


def test_pages_and_jsonl_are_sent_to_ingest(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    (saved / "2019").mkdir(parents=True)
    (saved / "2019" / "story.html").write_text("<html><body><p>A saved story.</p></body></html>")
    (saved / "texts.jsonl").write_text('{"id": "a", "text": "A clean text."}\n')
    hint = "saved pages go in with `newsdesk ingest`, JSONL of texts with `newsdesk analyze --input-jsonl`"
    names = ".warc, .warc.gz, .warc.zst, .wacz"
    for target, reason in ((saved, f"no WARC files ({names}) here; {hint}"),
                           (saved / "texts.jsonl", f"not a WARC file ({names}); {hint}"),
                           (saved / "2019" / "story.html", f"not a WARC file ({names}); {hint}")):
        done = _backfill(tmp_path, target)
        assert (done.returncode, done.stderr.strip()) == (1, f"newsdesk: error: {target}: {reason}")
        assert not (tmp_path / "out").exists()  # refused before any work
