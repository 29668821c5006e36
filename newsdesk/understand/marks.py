"""Quoted stretches of text: pairs of double quotation marks, straight or curly, per paragraph.

A quote left open at the end of a paragraph runs to its end (news style opens each paragraph of
a long quote again and closes only the last). Two apostrophes stand for a straight double mark
(some newspaper feeds write them so). Single quotation marks are not read: in English news they
are apostrophes far more often than quotes; a straight mark right after a digit is an inch mark,
and marks inside a markup tag left in the text ('<tweet author="...">') are attribute values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..types import Span

OPEN = "\u201c\u201e\u00ab"
CLOSE = "\u201d\u00bb"
STRAIGHT = '"'
TAG = re.compile(r"<[A-Za-z/][^<>\n]*>")
_CANDIDATE = re.compile(f"[{OPEN}{CLOSE}{STRAIGHT}'`]")  # the only characters _marks acts on


@dataclass(frozen=True)
class Quoted:
    """From the opening mark to just after the closing mark (or the paragraph's end)."""

    start: int
    end: int
    paragraph: int
    closed: bool
    inner_start: int
    inner_end: int

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words, without the marks."""
        return self.inner_start, self.inner_end


def quoted_spans(text: str, paragraphs: Sequence[Span]) -> list[Quoted]:
    out: list[Quoted] = []
    for k, para in enumerate(paragraphs):
        out.extend(q for q in _in_paragraph(text, para, k) if not _nickname(text, q))
    return out


_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*")


def _nickname(text: str, q: Quoted) -> bool:
    """Ramesh "Sunny" Balwani, Dwayne "The Rock" Johnson: one or two capitalised words in marks
    between a first name and a surname are a nickname, nobody's words."""
    inner = text[q.inner_start:q.inner_end].split()
    if not q.closed or not 1 <= len(inner) <= 2 or not all(_NAME_WORD.fullmatch(w) for w in inner):
        return False
    before = text[max(0, q.start - 30):q.start].split()
    after = text[q.end:q.end + 30].split()
    return bool(before) and bool(after) and _NAME_WORD.fullmatch(before[-1]) is not None \
        and _NAME_WORD.fullmatch(after[0].rstrip(".,;:")) is not None and text[q.start - 1:q.start] == " "


def _marks(text: str, para: Span) -> Iterator[tuple[int, int, str]]:
    """(position, width, kind) of each mark: kind is 'open', 'close' or 'either'."""
    tags = [(m.start(), m.end()) for m in TAG.finditer(text, para.start, para.end)]
    pos = para.start
    while pos < para.end:
        found = _CANDIDATE.search(text, pos, para.end)  # skip straight to the next possible mark
        if found is None:
            return
        pos = found.start()
        ch = text[pos]
        if tags and any(a < pos < b for a, b in tags):
            pos += 1
            continue
        if ch in OPEN:
            yield pos, 1, "either" if _closes(text, para, pos) else "open"
        elif ch in CLOSE:
            yield pos, 1, "either" if _opens(text, para, pos) else "close"
        elif ch == STRAIGHT:
            yield pos, 1, "either"
        elif ch == "'" and text[pos:pos + 2] == "''" and text[pos + 2:pos + 3] != "'":
            yield pos, 2, "either"
            pos += 1
        elif ch == "`" and text[pos:pos + 2] == "``":  # TeX's and the Penn Treebank's opening mark: ``Yes,'' he said
            yield pos, 2, "open"
            pos += 1
        pos += 1


def _opens(text: str, para: Span, pos: int) -> bool:
    """Whether a closing curly mark may open a quote: it starts a line or a word, as some feeds
    write the opening mark ('”Mr. Trump ...”', '” … in the case of Wyoming, ...,” wrote Time')."""
    before = text[pos - 1] if pos > para.start else "\n"
    after = text[pos + 1:pos + 2]
    # a direction mark may stand before it ('\u202a”Isis declares ...'), an ellipsis after it ('” … they are')
    starts = before.isspace() or unicodedata.category(before) == "Cf"
    elided = text[pos + 1:pos + 5].lstrip(" \u00a0").startswith(("\u2026", "..."))
    return starts and (after.isalnum() or after in "‘'" or elided)


def _closes(text: str, para: Span, pos: int) -> bool:
    """Whether an opening curly mark may close a quote: it ends a word and no word follows, as some
    feeds write the closing mark ('“It's unusual,“ said Larry Noble')."""
    before = text[pos - 1] if pos > para.start else " "
    after = text[pos + 1] if pos + 1 < para.end else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)")


def _in_paragraph(text: str, para: Span, k: int) -> Iterator[Quoted]:
    opened: tuple[int, int] | None = None  # position and width of the open mark
    for pos, width, kind in _marks(text, para):
        if kind == "either" and opened is None and pos > para.start and text[pos - 1].isdigit():
            continue  # 6'3": an inch mark
        if kind == "open" or (kind == "either" and opened is None):
            if opened is not None and pos > opened[0] + opened[1]:
                yield Quoted(opened[0], pos, k, False, opened[0] + opened[1], pos)
            opened = (pos, width)
        elif opened is not None:
            yield Quoted(opened[0], pos + width, k, True, opened[0] + opened[1], pos)
            opened = None
    if opened is not None and para.end - opened[0] > opened[1]:
        yield Quoted(opened[0], para.end, k, False, opened[0] + opened[1], para.end)
