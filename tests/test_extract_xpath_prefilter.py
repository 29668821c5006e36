"""The byline and date XPaths test an element's attributes first (issue #3, speed): they find what the
tests of the class, data-* and href values alone find, in the same order."""

from __future__ import annotations

from lxml import html

from newsdesk.extract.htmlmeta import _BYLINE_XPATH, _DATE_XPATH

PAGE = """<html><body><div class="post"><span class="Byline">By A. Writer</span>
<p data-testid="byline-author">B. Writer</p><a href="/authors/c-writer">C. Writer</a><a>no link</a>
<time class="pub-date">May 3, 2024</time><div data-component="byline">D. Writer</div>
<span id="date">no class</span><img class="author-photo"><script class="timestamp">1</script></div></body></html>"""


def _unfiltered(xpath: str) -> str:
    return xpath.replace("//*[@class or @data-component or @data-testid]", "//*").replace("//a[@href]", "//a") \
        .replace("//*[@class]", "//*")


def test_prefiltered_xpaths_find_the_same_elements() -> None:
    tree = html.fromstring(PAGE)
    for xpath in (_BYLINE_XPATH, _DATE_XPATH):
        assert _unfiltered(xpath) != xpath
        found = tree.xpath(xpath)
        assert found and found == tree.xpath(_unfiltered(xpath))
    assert [el.text_content().strip() for el in tree.xpath(_BYLINE_XPATH)] == \
        ["By A. Writer", "B. Writer", "C. Writer", "D. Writer"]
