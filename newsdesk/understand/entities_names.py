"""Names the model cut short: "the mayor of Jackson, Chokwe Antar Lumumba," where it names "Chokwe" alone (a
place, to it) and leaves "Antar Lumumba" unnamed. A one-word name that runs on into capitalised words no name
holds, after a comma or a title, and that no gazetteer knows whole, is a person's full name (#3)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .entities_cluster import Cand
from .parsed import Name, Sentence, Token
from .titles import TITLE_WORDS

# after these a name in apposition or a title's name opens: "the mayor of Jackson, Chokwe ...", "Mayor Chokwe ..."
OPENERS = frozenset({",", "(", "\u2014", "\u2013"})
MAX_RUN = 2  # words a name runs on by: "Chokwe Antar Lumumba"
# a capital inside a name after one of these is a surname's ("McDonald", "DeSantis", "LeBron", "MacKenzie")
NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz"})


def run_on(cands: Sequence[Cand], sents: Sequence[Sentence], names: Sequence[Name], text: str,
           places: Callable[[str], str | None]) -> list[Cand]:
    """``cands`` with each one-word name that runs on into unnamed capitalised words made the person's name."""
    held: dict[int, set[int]] = {}  # by sentence: a long text's candidates each read their own sentence's
    for n in names:
        held.setdefault(n.sentence, set()).update(range(n.first, n.last + 1))
    out = []
    for c in cands:
        toks = sents[c.sentence].tokens
        mine = held.get(c.sentence, set())
        if c.type == "PERSON" and c.first < c.last:
            out.append(_whole_person(c, toks, mine, text, places))
            continue
        last = _run_end(toks, c.first, c.last, mine)
        whole = text[c.start:toks[last].end]
        if last == c.last or c.type not in ("PLACE", "ORG", "PERSON") or places(whole) is not None:
            out.append(c)
            continue
        out.append(replace(c, end=toks[last].end, text=whole, type="PERSON", last=last))
    return out


def _whole_person(c: Cand, toks: Sequence[Token], held: set[int], text: str, places: Callable[[str], str | None],
                  ) -> Cand:
    """A person's name of two words or more with the capitalised word the model left out of it: the last ("Maria
    Corina Machado went", the model's "Maria Corina") or, after a title, the first ("President Mahamat Idriss
    Deby", its "Idriss Deby"); a word no other name holds, no title's, and no longer run of capitals beyond it."""
    first, last = c.first, c.last
    if last + 1 < len(toks) and _free(toks, last + 1, held) and toks[last + 1].start == toks[last].end + 1 \
            and not (last + 2 < len(toks) and _word(toks[last + 2])) and last - first < 3:
        last += 1
    if first > 1 and _free(toks, first - 1, held) and toks[first - 1].end + 1 == toks[first].start \
            and toks[first - 2].lower.rstrip(".") in TITLE_WORDS and toks[first - 2].text[:1].isupper():
        first -= 1
    if (first, last) == (c.first, c.last):
        return c
    whole = text[toks[first].start:toks[last].end]
    if places(whole) is not None:
        return c
    return replace(c, start=toks[first].start, end=toks[last].end, text=whole, first=first, last=last)


def _free(toks: Sequence[Token], k: int, held: set[int]) -> bool:
    """Token ``k`` is a capitalised word no name holds and no title's."""
    return k not in held and _word(toks[k]) and toks[k].lower.rstrip(".") not in TITLE_WORDS


def _run_end(toks: Sequence[Token], first: int, last: int, held: set[int]) -> int:
    """The last token of the capitalised words running on from a one-word name at ``first`` (``last`` if none)."""
    if first != last or first == 0 or not _word(toks[first]):
        return last
    before = toks[first - 1]
    if not (before.text in OPENERS or before.lower.rstrip(".") in TITLE_WORDS):
        return last
    end = last
    while end + 1 < len(toks) and end - last < MAX_RUN and end + 1 not in held and _word(toks[end + 1]) \
            and toks[end + 1].start == toks[end].end + 1 and toks[end + 1].lower not in TITLE_WORDS:
        end += 1
    if end + 1 < len(toks) and _word(toks[end + 1]):
        return last  # a longer run of capitals: a heading or a title, not one name
    return end


def _word(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text.replace("-", "").isalpha() and not tok.text.isupper()


def coined(word: str) -> bool:
    """A one-word name written as no person's is: with a digit or a plus ("Disney+"), or a capital inside it
    that no surname's prefix explains ("SpaceX", "WiFi", "AppleSkin"; not "McDonald", "DeSantis")."""
    if any(ch.isdigit() or ch == "+" for ch in word):
        return True
    return any(word[k].isupper() and word[k - 1].islower() and word[:k] not in NAME_PREFIXES
               for k in range(1, len(word)))
