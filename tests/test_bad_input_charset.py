"""A page that declares UTF-16 or UTF-32 (in a meta tag or the HTTP header) but is ASCII-compatible,
as any page whose head holds no NUL byte is: one of an even length decoded "cleanly" as UTF-16,
into a line of CJK characters, stored as the article. Browsers read such a page as UTF-8."""

from __future__ import annotations

import pytest
from test_monitor_support import article_page

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
