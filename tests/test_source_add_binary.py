"""`source add` refuses a local file that is no page (binary, a PDF), as ingest would at every run."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.store import open_store


def test_a_binary_file_is_refused_and_the_good_one_added(tmp_path: Path) -> None:
    binary = tmp_path / "tool.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20)
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Harbour board</h1><p>" + "The board met on Monday. " * 20 + "</p></body></html>")
    empty = tmp_path / "later.txt"  # a file still to be written is no error
    empty.write_text("")
    db = str(tmp_path / "n.db")
    done = CliRunner().invoke(cli, ["source", "add", "--db", db, str(binary), str(page), str(pdf), str(empty)])
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        f"newsdesk: error: {binary}: binary content, not a text or HTML page",
        f"newsdesk: error: {pdf}: a PDF, not a text or HTML page"]
    with open_store(db) as store:
        assert sorted(s.url for s in store.list_sources()) == sorted([str(page), str(empty)])
