"""SQLite's word-pair index (``articles_bigrams``, schema step 9): phrases found and ranked fast.

FTS5 finds a phrase by walking the position lists of its words, and bm25 counts the articles
holding the phrase by walking them again over the whole table: for two common words that is most
of the index, even when the phrase is rare. ``articles_bigrams`` holds each pair of adjacent
tokens of the title and of the text as one token ``a␟b␟`` (``␟`` is NAME_SEPARATOR, a token
character that no query holds), the filter columns as ``articles_fts`` has them, and ``pad``
tokens that make every row exactly as long as its ``articles_fts`` row. So a query whose words and
phrases are all two tokens long or more, asked of ``articles_bigrams`` with each phrase ``"a b"``
written ``"a␟b␟"`` (and ``"a b c"`` as the phrase ``"a␟b␟ b␟c␟"``), matches the same rows with the
same per-column counts, row lengths, row count and phrase counts: bm25 gives the same scores, from
one short list per pair instead of one long list per common word.

The tokens are FTS5's own: text is cut only at ASCII characters unicode61 never puts in a token,
and each piece is tokenized by an in-memory FTS5 table with ``articles_fts``'s tokenizer (cached),
so stemming and folding are SQLite's, not an imitation. A pair token ends in ``␟``, which no
Porter rule touches, and its two halves are already folded, so FTS5 stores it as written.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence
from itertools import pairwise
from operator import add

from .schema import FTS_TOKENIZE, NAME_SEPARATOR

# Runs of what may be inside a token: ASCII letters and digits, NAME_SEPARATOR, anything not ASCII.
# Every other ASCII character separates tokens in unicode61, so a run holds whole tokens only.
_PIECE = re.compile(r"[0-9A-Za-z\x1f\x80-\U0010ffff]+")
_DIGITS = re.compile(r"[0-9]+")  # unicode61 keeps digits as they are and Porter leaves them alone
_CACHE_LIMIT = 200_000  # pieces remembered (a news vocabulary; ~30 MB at most); cleared when full


class _Marked(dict[str, str]):
    """Pieces that are one token, to that token + NAME_SEPARATOR; digits (never cached) as they are."""

    def __missing__(self, piece: str) -> str:
        if _DIGITS.fullmatch(piece):
            return piece + NAME_SEPARATOR
        raise KeyError(piece)


class _Tokenizer:
    """FTS5's tokens of ``articles_fts``'s tokenizer, from a private in-memory FTS5 table."""

    def __init__(self, limit: int = _CACHE_LIMIT) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._one = _Marked()  # a piece that is one token: that token + NAME_SEPARATOR
        self._other: dict[str, tuple[str, ...]] = {}  # a piece of no token or several: its tokens

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            conn.execute(f"CREATE VIRTUAL TABLE piece USING fts5(t, content='', tokenize={FTS_TOKENIZE})")
            conn.execute("CREATE VIRTUAL TABLE piece_tokens USING fts5vocab(piece, instance)")
            self._conn = conn
        return self._conn

    def _learn(self, pieces: set[str]) -> None:
        conn = self._connection()
        ordered = sorted(pieces)
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO piece (rowid, t) VALUES (?, ?)", enumerate(ordered))
            found: dict[int, list[tuple[int, str]]] = {}
            for doc, offset, term in conn.execute("SELECT doc, offset, term FROM piece_tokens"):
                found.setdefault(doc, []).append((offset, term))
            conn.execute("INSERT INTO piece (piece) VALUES ('delete-all')")
        finally:
            conn.execute("COMMIT")
        for n, piece in enumerate(ordered):
            tokens = tuple(term for _, term in sorted(found.get(n, ())))
            if len(tokens) == 1 and NAME_SEPARATOR not in piece:
                self._one[piece] = tokens[0] + NAME_SEPARATOR
            else:
                self._other[piece] = tokens

    def _tokens(self, pieces: list[str]) -> list[str]:
        one, other = self._one, self._other
        missing = {p for p in pieces if p not in one and p not in other and not _DIGITS.fullmatch(p)}
        if missing and len(one) + len(other) + len(missing) > self._limit:
            one.clear()  # full: start again, with every piece of this text to learn
            other.clear()
            missing = {p for p in pieces if not _DIGITS.fullmatch(p)}
        if missing:
            self._learn(missing)
        tokens: list[str] = []
        for p in pieces:
            if p in one:
                tokens.append(one[p][:-1])
            else:
                tokens.extend(other.get(p, (p,)))
        return tokens

    def tokens(self, texts: Sequence[str]) -> list[list[str]]:
        """Each text's tokens, in order, as FTS5 indexes them in ``articles_fts``."""
        with self._lock:
            return [self._tokens(_PIECE.findall(text)) for text in texts]

    def pairs(self, text: str, holes: bool = True) -> tuple[str, int]:
        """The pair tokens of ``text``, space-separated, and its number of tokens. ``holes`` False: as
        schema steps 9-11 wrote them (a pair left out instead of a HOLE; migrations.py)."""
        pieces = _PIECE.findall(text)
        with self._lock:
            try:  # the common case, in C: every piece a known single token
                marked = list(map(self._one.__getitem__, pieces))
            except KeyError:
                tokens = self._tokens(pieces)
                # a token holding NAME_SEPARATOR would make a pair ambiguous; no query token holds
                # one (search replaces it), so no query asks for such a pair: a HOLE keeps its place,
                # so that the pairs on either side are not read as neighbours by a longer phrase
                found = (HOLE if NAME_SEPARATOR in a or NAME_SEPARATOR in b else pair(a, b)
                         for a, b in pairwise(tokens))
                return " ".join(p for p in found if holes or p != HOLE), len(tokens)
        return " ".join(map(add, marked, marked[1:])), len(marked)


TOKENIZER = _Tokenizer()
HOLE = NAME_SEPARATOR  # in place of a pair left out: a token no query asks for (the pad's too)


def pair(first: str, second: str) -> str:
    return f"{first}{NAME_SEPARATOR}{second}{NAME_SEPARATOR}"


def bigram_row(fts_row: Sequence[str], holes: bool = True) -> tuple[str, ...]:
    """The ``articles_bigrams`` values (title, text, source, person, org, place, event, pad) for an
    ``articles_fts`` row (title, text, source, person, org, place, event); ``holes``: see ``pairs``."""
    title, text, *filters = fts_row
    (title_pairs, title_tokens), (text_pairs, text_tokens) = TOKENIZER.pairs(title, holes), TOKENIZER.pairs(text, holes)
    # pad: as many tokens as the row lacks to be as long as in articles_fts (one per column with
    # tokens, and one per pair left out)
    pad = title_tokens + text_tokens - _count(title_pairs) - _count(text_pairs)
    return (title_pairs, text_pairs, *filters, " ".join([NAME_SEPARATOR] * pad))


def _count(pairs: str) -> int:
    return pairs.count(" ") + 1 if pairs else 0


def query_pairs(text: str) -> str | None:
    """The pair tokens a word or phrase of two or more tokens is in ``articles_bigrams``, in order: a
    phrase of them matches where the tokens stand next to each other (``a b c`` is ``a␟b␟ b␟c␟``, as
    pair ``i`` of a row is its tokens ``i`` and ``i + 1``); None for one token or none."""
    tokens = TOKENIZER.tokens([text.replace(NAME_SEPARATOR, " ")])[0]
    return " ".join(pair(a, b) for a, b in pairwise(tokens)) if len(tokens) >= 2 else None
