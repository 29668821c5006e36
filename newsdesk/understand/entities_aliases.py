"""A person's other name given beside the full one: "Mohamed Hamdan Dagalo, known as Hemedti",
"Dagalo, better known as Hemedti", "Dagalo, nicknamed Hemedti", "Mohamed Hamdan Dagalo (Hemedti)". The
nickname shares no word with the name, so the word-overlap clustering cannot join them; the construction
itself says they are one.
"""

from __future__ import annotations

from collections.abc import Sequence

from .entities_cluster import Cand
from .parsed import Sentence, Token

# "better known as", "widely known as", "also known as"; "popularly called" is rarer and left out
KNOWN_ADVERBS = frozenset({"also", "better", "widely", "commonly", "popularly", "more", "locally", "affectionately"})
QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"})


def aliases(cands: Sequence[Cand], sents: Sequence[Sentence]) -> dict[str, str]:
    """Keys of people's nicknames mapped to the key of the name they are given beside (see module doc)."""
    people = {(c.sentence, c.first): c for c in cands if c.type == "PERSON"}
    out: dict[str, str] = {}
    for c in cands:
        if c.type != "PERSON":
            continue
        toks = sents[c.sentence].tokens
        at = _alias_start(toks, c.last + 1)
        other = people.get((c.sentence, at)) if at is not None else None
        if at is None or other is None or other.key == c.key or set(other.key.split()) & set(c.key.split()):
            continue
        end = other.last + 1
        while end < len(toks) and toks[end].text in QUOTES:
            end += 1
        bracket = toks[at - 1].text == "(" or (at > 1 and toks[at - 2].text == "(" and toks[at - 1].text in QUOTES)
        if bracket and (end >= len(toks) or toks[end].text != ")"):
            continue  # "Dagalo (Hemedti and ...)": the bracket must hold the nickname alone
        out.setdefault(other.key, c.key)
    return out


def _alias_start(toks: Sequence[Token], i: int) -> int | None:
    """The token where a nickname begins after a name ending before ``i``, else None."""
    if i < len(toks) and toks[i].text == "(":
        i += 1
    else:
        if i < len(toks) and toks[i].text == ",":
            i += 1
        if i < len(toks) and toks[i].lower in KNOWN_ADVERBS:
            i += 1
        if i < len(toks) and toks[i].lower == "nicknamed":
            i += 1
        elif i + 1 >= len(toks) or toks[i].lower != "known" or toks[i + 1].lower != "as":
            return None
        else:
            i += 2
    while i < len(toks) and toks[i].text in QUOTES:
        i += 1
    return i if i < len(toks) else None
