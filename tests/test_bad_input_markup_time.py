"""Hostile markup costs linear time in the patterns that look at a page before it is parsed: telling
HTML from a text dump (newsdesk.extract.detect); a page's canonical link is read from its parsed tree.
Each case here took from 6 s to minutes (or for ever: exponential) before."""

from __future__ import annotations

import time

import pytest
from test_monitor_support import article_page

from newsdesk.extract import extract
from newsdesk.extract.detect import detect_format
from newsdesk.types import Fetched

PAGE = 200_000  # what the patterns look at, at most


@pytest.mark.parametrize(("content", "media_type", "expected"), [
    ("<!---->" * 40 + "Council votes", None, "text"),  # each comment could end at any later '-->'
    (("<p " * 70_000)[:PAGE], "text/html", "text"),  # each '<p ' scanned to the end for its '>'
    (("<div " * 70_000)[:PAGE], None, "html"),
    ("<!-- a --> <!-- b -->\n<html><body><p>Council votes</p></body></html>", None, "html"),
])
def test_telling_html_from_text_takes_linear_time(content: str, media_type: str | None, expected: str) -> None:
    started = time.process_time()
    assert detect_format(Fetched(input="x", content=content, media_type=media_type)) == expected
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("markup", [
    "<link " * 33_000,  # 6 s in the monitor's old pattern: each '<link ' scanned to the end for its '>'
    "<link " + "a" * PAGE + ">",  # minutes: the name tried from each of its letters
    '<link rel="canonical" ' + 'a="' * 60_000 + ">",
])
def test_a_canonical_link_is_looked_for_in_linear_time(markup: str) -> None:
    url = "https://news.example.com/a"
    html = article_page(1).replace("<h1>", markup + "<h1>")
    started = time.process_time()
    assert extract(Fetched(input=url, content=html, url=url, media_type="text/html")).url == url
    assert time.process_time() - started < 2.0


def test_canonical_links_are_still_found() -> None:
    base = "https://news.example.com/p"
    for link, expected in (("<LINK REL=\"canonical\" HREF='/a?b=1'>", "https://news.example.com/a?b=1"),
                           ('<link data-x="1" rel="alternate canonical" href=/c>', "https://news.example.com/c"),
                           ('<link rel="canonical" href="https://other.example/c">', base)):
        html = article_page(1).replace("<head>", "<head>" + link)
        assert extract(Fetched(input=base, content=html, url=base, media_type="text/html")).url == expected
