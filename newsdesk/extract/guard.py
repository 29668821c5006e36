"""Refuse hostile HTML before extraction: absurd nesting silently truncates a parse."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..errors import InputError


def check_depth(tree: Any, max_depth: int, name: str) -> None:
    """Raise InputError when the parsed tree nests deeper than ``max_depth`` elements.

    libxml2 stops nesting at 255 levels and drops what lies below, so a page that deep would
    lose its text without a word; we say so instead.
    """
    depth = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > max_depth:
            raise InputError(f"HTML nested deeper than {max_depth} levels", input=name)
