"""Who a source phrase is: the entity it names, or the one a pronoun or a title points back to.

"he said" (or "..., who said") takes the most recent person named before it (outside quotations),
"it said" the most recent organisation; "the minister said" takes the most recent entity whose
titles hold "minister"; a named source is its entity.
The Speaker keeps the source's own words' offsets (the mention next to the quote), whatever
name it resolves to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..types import Entity, Speaker
from .parsed import Analysis, EntityMention, Sentence
from .titles import sent_text

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
LOOKBACK = 1500  # characters: how far back a pronoun or a description may point


def speaker_for(analysis: Analysis, sent: Sentence, head: int, span: tuple[int, int],
                quoted: Sequence[tuple[int, int]] = ()) -> Speaker:
    """The speaker whose source phrase spans tokens ``span`` of ``sent``, headed by ``head``."""
    toks = sent.tokens
    lo, hi = span
    start, end = toks[lo].start, toks[hi].end
    named = _named(analysis, sent, head, lo, hi)
    if named is not None:
        return Speaker(named.name, named.id, start, end)
    word = toks[head].lower
    if word in PERSON_PRONOUNS or word == "who":  # "..., who said": the person just named
        found = _recent(analysis, toks[head].start, quoted, lambda e: e.type == "PERSON")
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    elif word == "it":  # "OPEC+ ... it said": an organisation speaks as "it"
        found = _recent(analysis, toks[head].start, quoted, lambda e: e.type == "ORG")
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    elif toks[head].tag in {"NN", "NNP"} and word not in GROUP_PRONOUNS:
        noun = word[:-1] if word.endswith("s") and len(word) > 4 else word
        found = _recent(analysis, toks[head].start, quoted, lambda e: _described(e, noun))
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    return Speaker(sent_text(sent, lo, hi), None, start, end)


def _named(analysis: Analysis, sent: Sentence, head: int, lo: int, hi: int) -> Entity | None:
    """The entity named by the source phrase: at its head, in apposition to it, or inside it."""
    m = analysis.mention_at(sent.index, head)
    if m is None:
        for c in sent.tokens[head].children:
            if sent.tokens[c].dep in {"appos", "compound"}:
                m = analysis.mention_at(sent.index, c)
                if m is not None:
                    break
    if m is None:
        inside = [x for x in analysis.mentions if x.sentence == sent.index and lo <= x.first and x.last <= hi]
        people = [x for x in inside if analysis.entity(x.entity).type == "PERSON"]
        pick: Sequence[EntityMention] = people or [x for x in inside if analysis.entity(x.entity).type == "ORG"]
        m = pick[-1] if pick else None
    return analysis.entity(m.entity) if m is not None else None


def _recent(analysis: Analysis, before: int, quoted: Sequence[tuple[int, int]],
            fits: Callable[[Entity], bool]) -> Entity | None:
    for m in reversed(analysis.mentions):
        if m.start >= before:
            continue
        if before - m.start > LOOKBACK:
            break
        if any(a <= m.start < b for a, b in quoted):
            continue
        ent = analysis.entity(m.entity)
        if fits(ent):
            return ent
    return None


def _described(entity: Entity, noun: str) -> bool:
    if len(noun) < 3:
        return False
    words = {w.strip(".,").lower() for t in entity.titles for w in t.split()}
    words |= {w[:-1] for w in words if w.endswith("s")}
    if entity.type in {"ORG", "GROUP"}:
        words |= {w.lower() for w in entity.name.split()}
    return noun in words
