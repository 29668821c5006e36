"""Helpers shared by the story tests: hand-made entities for articles without the understand stage."""

from __future__ import annotations

import re

from newsdesk.types import Entity, Mention


def person_entity(text: str, name: str, n: int) -> Entity:
    """A PERSON entity (id ``e{n}``) with every mention of its full name or its surname in ``text``."""
    surname = name.split()[-1]
    spans = [m.span() for m in re.finditer(rf"{re.escape(name)}|\b{re.escape(surname)}\b", text)]
    return Entity(id=f"e{n}", name=name, type="PERSON", mentions=tuple(Mention(s, e, text[s:e]) for s, e in spans))
