"""Single quotation marks that serve as the quotation marks of an article ('like this', British style).

:mod:`.marks` reads double marks only: in most English news a single mark is an apostrophe. An
article that holds no double mark at all but pairs single ones around words ("Mr Starmer said:
'We were elected to change this country.'") quotes with them. Such an article is read with those
marks turned into double ones, one character for one so that every offset stays the article's,
and what comes out of it (quote texts, names) gets its own marks back.

An opening mark starts a word (after a space, a bracket, a dash or a colon) and is followed by a
letter; a closing mark ends one and is followed by a space or punctuation. Elisions ('em, 'n')
open nothing; a plural possessive ("the patients' lawyers") closes nothing when a closing mark
follows later in the paragraph; a quote left open runs to its paragraph's end only when it opens
the paragraph (a long quote over several paragraphs).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..types import Article

DOUBLE = '"\u201c\u201d\u201e\u00ab\u00bb'
SINGLE = "'\u2018\u2019"
OPENING, CLOSING = "\u201c", "\u201d"
_BEFORE_OPEN = " \t\u00a0([{\u2014\u2013-:/"
_AFTER_CLOSE = " \t\u00a0.,;:!?)]}\u2014\u2013-\u2026"
_ELISIONS = frozenset({"em", "n", "til", "tis", "twas", "cause", "bout", "round", "cos", "ello", "ere"})
_WORD = re.compile(r"[A-Za-z]+")

@dataclasses.dataclass(frozen=True)
class Restore:
    """How to give a converted article's output its own marks back."""

    opening: str
    closing: str

    def text(self, value: str) -> str:
        return value.replace(OPENING, self.opening).replace(CLOSING, self.closing)


def as_doubles(article: Article) -> tuple[Article, Restore | None]:
    """The article to read: with its single quotation marks as double ones, when it quotes with them."""
    text = article.text
    if any(c in text for c in DOUBLE) or "''" in text:
        return article, None
    pairs = [p for line in _lines(text) for p in _pairs(text, *line)]
    if not pairs:
        return article, None
    chars = list(text)
    for a, b in pairs:
        chars[a] = OPENING
        if b is not None:
            chars[b] = CLOSING
    opening = _most(text[a] for a, _ in pairs)
    closing = _most(text[b] for _, b in pairs if b is not None) if any(b is not None for _, b in pairs) else "'"
    return dataclasses.replace(article, text="".join(chars)), Restore(opening, closing)


def restored(result: Article, original: Article, restore: Restore) -> Article:
    """``result`` (the converted article's output) with the original text and marks."""
    out: Article = _walk(result, restore)
    return dataclasses.replace(out, text=original.text)


def _walk(value: Any, restore: Restore) -> Any:
    if isinstance(value, str):
        return restore.text(value)
    if isinstance(value, tuple):
        return tuple(_walk(v, restore) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), restore) for f in dataclasses.fields(value)
                   if f.name != "text" or not isinstance(value, Article)}
        return dataclasses.replace(value, **changes)
    return value


def _most(chars: Any) -> str:
    seen: dict[str, int] = {}
    for c in chars:
        seen[c] = seen.get(c, 0) + 1
    return max(seen, key=lambda c: seen[c])


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _opens(text: str, start: int, i: int) -> bool:
    before = text[i - 1] if i > start else " "
    word = _WORD.match(text, i + 1)
    return before in _BEFORE_OPEN and word is not None and word.group().lower() not in _ELISIONS


def _closes(text: str, end: int, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and after in _AFTER_CLOSE


def _possessive(text: str, end: int, i: int) -> bool:
    """'the patients' lawyers': a plural's mark with a word after it."""
    return text[i - 1:i] == "s" and text[i + 1:i + 2] == " " and text[i + 2:i + 3].isalnum()


def _pairs(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    marks = [i for i in range(start, end) if text[i] in SINGLE]
    out: list[tuple[int, int | None]] = []
    opened: int | None = None
    for k, i in enumerate(marks):
        if opened is None:
            if _opens(text, start, i):
                opened = i
            continue
        if not _closes(text, end, i) or i == opened + 1:
            continue
        if _possessive(text, end, i) and any(_closes(text, end, j) for j in marks[k + 1:]):
            continue
        out.append((opened, i))
        opened = None
    if opened is not None and not text[start:opened].strip():
        out.append((opened, None))
    return out
