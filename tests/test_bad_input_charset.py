"""A page that declares UTF-16 or UTF-32 (in a meta tag or the HTTP header) but is ASCII-compatible,
as any page whose head holds no NUL byte is: one of an even length decoded "cleanly" as UTF-16,
into a line of CJK characters, stored as the article. Browsers read such a page as UTF-8."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import article_page

from newsdesk.cli import cli
from newsdesk.extract import extract
from newsdesk.ingest.decode import decode
from newsdesk.settings import Settings
from newsdesk.types import Fetched


@pytest.mark.parametrize("declared", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_declared_utf16_or_utf32_on_ascii_bytes_is_read_as_utf8(declared: str) -> None:
    html = article_page(1).replace("<head>", f'<head><meta charset="{declared}">')
    for page in (html, html + " "):  # one of the two is of an even length
        for text, encoding in (decode(page.encode(), "page.html"), decode(page.encode(), "page.html", declared)):
            assert (text, encoding) == (page, "utf-8")
        article = extract(Fetched(input="page.html", content=text), settings=Settings.load(environ={}))
        assert article.title == "Harbour story 1"
    assert decode(html.encode("utf-16"), "page.html") == (html, "utf-16")  # a real one has its BOM


def test_a_utf8_page_with_a_stray_byte_is_read_as_utf8(tmp_path: Path) -> None:
    """One byte that is no UTF-8 in a UTF-8 page sent the whole page to the encoding guesser, which
    read it as Mac Roman: "The president‚Äôs ‚Äúdecision‚Äù". Browsers read it as UTF-8 with one
    U+FFFD; so does newsdesk now. A legacy page labelled UTF-8 is still guessed (below)."""
    sentence = "The president\u2019s \u201cdecision\u201d \u2014 announced on Monday \u2014 was welcomed in Warsaw. "
    page = f"<html><head><meta charset='utf-8'><title>x</title></head><body><article><p>{sentence * 6}</p>" \
           "</article></body></html>"
    stray = tmp_path / "stray.html"
    stray.write_bytes(page.encode("utf-8").replace(b"Warsaw", b"Wars\xe9w", 1))
    result = CliRunner().invoke(cli, ["extract", str(stray)])
    assert result.exit_code == 0, result.output
    text = json.loads(result.stdout)["text"]
    assert text.startswith("The president\u2019s \u201cdecision\u201d \u2014 announced on Monday")
    assert "Wars\ufffdw" in text

    french = "Les n\u00e9gociations ont repris \u00e0 Istanbul, a d\u00e9clar\u00e9 le ministre. "
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes(page.replace(sentence * 6, french * 6).encode("cp1252"))
    assert json.loads(CliRunner().invoke(cli, ["extract", str(legacy)]).stdout)["text"].startswith(french.strip())


def test_a_pdf_file_is_no_page(tmp_path: Path) -> None:
    """A PDF whose head is text passed the binary check and came out as an article reading "%PDF-1.4"."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Title (Budget) >>\nendobj\n")
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(pdf)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"input": str(pdf), "error": "a PDF, not a text or HTML page"}
