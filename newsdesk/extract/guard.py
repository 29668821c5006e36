"""Refuse hostile HTML before extraction: absurd nesting silently truncates a parse, and a page of
hundreds of thousands of elements takes minutes."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..errors import InputError


def check_depth(tree: Any, max_depth: int, name: str, max_elements: int | None = None) -> None:
    """Raise InputError when the parsed tree nests deeper than ``max_depth`` elements, or holds more
    than ``max_elements`` of them.

    libxml2 stops nesting at 255 levels and drops what lies below, so a page that deep would
    lose its text without a word; we say so instead. A news page has a few thousand elements; the
    extraction's time grows faster than their number, so 200,000 short paragraphs took over a minute:
    such a page is refused. The steps that grow with the square of the siblings are trafilatura's and
    lxml's: each empty element it deletes has its tail joined to a text that keeps growing, and the text
    of an element whose inline children it stripped is gathered from as many text nodes at each read
    (100,000 <span>s in one <p>: 36 s; 50,000: 6 s).
    """
    depth = elements = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            elements += 1
        else:
            depth -= 1
        if depth > max_depth:
            raise InputError(f"HTML nested deeper than {max_depth} levels", input=name)
    if max_elements is not None and elements > max_elements:
        raise InputError(f"an HTML page of {elements} elements (at most {max_elements}: max_html_elements)",
                         input=name)
