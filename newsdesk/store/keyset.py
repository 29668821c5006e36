"""Cursor (keyset) paging of the newest-first lists, quotes and events (#8): a page goes on from where the
one before ended (its last row's sort key) instead of skipping ``offset`` rows, which read and merged every
row before it (0.25-0.5 s at offset 9,950 of 200k articles).

The lists sort by a date (NULL last), newest first, then the article's key (greater first), then the row's
own key (smaller first). A cursor is that key of a row, with the list it belongs to, as an opaque token: the
key as JSON in base64url and a checksum of it, so that a cut or edited one is refused, not read as another
place in the list. The people list (entities) ranks by a count instead: its cursor is a :class:`Rank`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..errors import InputError

_CHECK = 10  # hex digits of the checksum
_MAX = 2**63 - 1  # what a database integer holds


@dataclass(frozen=True)
class Position:
    """A row's place in a newest-first list: its date (None: among the undated, after every dated row),
    its article's key and its own key."""

    published: str | None
    article: int
    row: int


# Where the undated rows start: after every dated row, before every undated one (keys are below _MAX).
UNDATED = Position(None, _MAX, 0)


def encode(kind: str, at: Position) -> str:
    """``at`` in list ``kind`` ("quotes", "events") as a cursor."""
    return _token([kind, at.published, at.article, at.row])


def decode(kind: str, cursor: str) -> Position:
    """The position a cursor of list ``kind`` names; :class:`InputError` for one this list did not give
    (cut, edited, another list's)."""
    values = _values(kind, cursor, 4)
    published, article, row = values[1:]
    if not (published is None or isinstance(published, str)) or not all(_key(v) for v in (article, row)):
        raise _bad(kind, cursor)
    return Position(published, article, row)


@dataclass(frozen=True)
class Rank:
    """A row's place in a list ranked by a count (the people list: the most named first): its count (more
    first), its latest date (the latest first; None after every date), then its name and type (in order)."""

    count: int
    last: str | None
    name: str
    type: str


def encode_rank(kind: str, at: Rank) -> str:
    """``at`` in the ranked list ``kind`` ("entities") as a cursor."""
    return _token([kind, at.count, at.last, at.name, at.type])


def decode_rank(kind: str, cursor: str) -> Rank:
    """The place a cursor of the ranked list ``kind`` names; :class:`InputError` for one it did not give."""
    values = _values(kind, cursor, 5)
    count, last, name, type_ = values[1:]
    if not _key(count) or not (last is None or isinstance(last, str)) or not all(
            isinstance(v, str) for v in (name, type_)):
        raise _bad(kind, cursor)
    return Rank(count, last, name, type_)


def _token(values: list[Any]) -> str:
    """Values as a cursor: JSON in base64url, a dot, a checksum of it."""
    data = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=") + "." + hashlib.sha256(data).hexdigest()[:_CHECK]


def _values(kind: str, cursor: str, size: int) -> list[Any]:
    """The ``size`` values of a cursor of list ``kind`` (its name first), checked against its checksum."""
    body, _, check = cursor.partition(".")
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise _bad(kind, cursor) from None
    if len(check) != _CHECK or hashlib.sha256(data).hexdigest()[:_CHECK] != check:
        raise _bad(kind, cursor)
    try:
        values = json.loads(data)
    except (ValueError, TypeError):
        raise _bad(kind, cursor) from None
    if not isinstance(values, list) or len(values) != size or values[0] != kind:
        raise _bad(kind, cursor)
    return values


def _key(value: Any) -> bool:
    """Whether a cursor's value is a key (or count) a database integer holds."""
    return type(value) is int and 0 <= value <= _MAX


def _bad(kind: str, cursor: str) -> InputError:
    return InputError(f"cursor {cursor[:40]!r} is not one this list gave: follow a next link (or an answer's "
                      "'next') as it is, or start again without it", input=kind)


def advanced(rows: list[Any], window: int, at: Position, when: int, article: int) -> Position | None:
    """Where a walk reading ``window`` rows at a time goes on after ``rows`` (each row's own key first, its date
    and article's key at ``when`` and ``article``): after the last row read, else at the undated rows once
    the dated are done; None at the end of the list."""
    if len(rows) == window:
        return Position(rows[-1][when], int(rows[-1][article]), int(rows[-1][0]))
    return UNDATED if at.published is not None else None


def after(at: Position, when: str, article: str, row: str) -> tuple[list[str], list[Any]]:
    """Conditions (and parameters) for the rows after ``at``, in its segment: the dated rows up to the
    undated, or the undated. A bound on the date stands alone, so that a date index is walked from there."""
    rest = f"({article} < ? OR ({article} = ? AND {row} > ?))"
    if at.published is None:
        return [f"{when} IS NULL", rest], [at.article, at.article, at.row]
    return [f"{when} <= ?", f"({when} < ? OR {rest})"], [at.published, at.published, at.article, at.article, at.row]


def up_to(at: Position, when: str, article: str, row: str) -> tuple[str, list[Any]]:
    """A condition (and its parameters) for the rows up to ``at``, itself too: those the pages up to it read."""
    rest = f"{article} > ? OR ({article} = ? AND {row} <= ?)"
    if at.published is None:
        return f"({when} IS NOT NULL OR {rest})", [at.article, at.article, at.row]
    return f"({when} > ? OR ({when} = ? AND ({rest})))", [at.published, at.published, at.article, at.article, at.row]


_SPACES = (32, 9, 10, 13, 160)  # space, tab, newlines, no-break space: what merging's split() mostly drops
SAID_LENGTH = 48


def said(dialect: str, column: str) -> str:
    """SQL for the start of a quote's words, spacing and (ASCII) case aside, as schema step 25 indexes
    it: a statement said again before a cursor is looked up by it (a superset, compared as merging does)."""
    char = "char" if dialect == "sqlite" else "chr"
    text = column
    for code in _SPACES:
        text = f"replace({text}, {char}({code}), '')"
    return f"substr(lower({text}), 1, {SAID_LENGTH})"
