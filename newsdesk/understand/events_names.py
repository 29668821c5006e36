"""Naming a party found by :mod:`events_parties`: the words of its noun phrase as written, or
the entity it is, or the country a state organ stands for ("Russian forces" -> Russia, "the
ministry of defense" in Moscow -> Russia).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from newsdesk.types import Entity, Party
from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events_parties import dateline_end
from newsdesk.understand.events_words import lemma, pos
from newsdesk.understand.lexicon import QUOTE_MARKS
from newsdesk.understand.places import Gazetteer

_NON_STATE = frozenset({"rebel", "opposition", "militant", "guerrilla", "insurgent", "separatist", "ethnic",
                        "exile", "extremist", "dissident", "union", "party", "student", "worker", "refugee"})


@dataclass(frozen=True)
class PartyRef:
    """A resolved party: what to show, the entity it is, and the country it stands for."""

    party: Party
    country: str | None
    start: int
    end: int


def phrase_tokens(tok: Token, *, stop: set[int]) -> list[Token]:
    """The words of the noun phrase a party head stands in: modifiers, and 'of'/'in'/'from' phrases."""
    keep = [tok]
    for c in tok.children:
        if c.i in stop:
            continue
        if c.dep_ in ("compound", "amod", "poss", "nmod", "case") and c.i < tok.i:
            keep += list(c.subtree)
        elif c.dep_ == "prep" and c.i > tok.i and lemma(c) in ("of", "in", "from", "for", "to") \
                and pos(tok) != "PROPN" and not any(g.dep_ == "pcomp" for g in c.children):
            # (not "accused the group *of hiding* ...": what it is charged with)
            keep += [t for t in c.subtree if t.dep_ not in ("relcl", "acl", "punct")]
        elif c.dep_ == "compound" or (c.dep_ == "flat"):
            keep += list(c.subtree)
    cut = dateline_end(tok)  # "BRUSSELS (Reuters) - European Union foreign ministers": the ministers
    # 'struck "military targets" in the region': a quotation mark after the head ends the phrase
    mark = next((t.i for t in tok.doc[tok.i + 1:max(t.i for t in keep) + 1] if _is_mark(t.text)), len(tok.doc))
    words = sorted({t.i: t for t in keep if pos(t) not in ("DET", "PUNCT", "NUM") and cut < t.i < mark}.values(),
                   key=lambda t: t.i)
    while len(words) > 1 and pos(words[-1]) == "ADP":
        words.pop()  # "a family of five": the number left out, its "of" goes too
    return words


def _is_mark(word: str) -> bool:
    return any(c in QUOTE_MARKS for c in word)


@dataclass(frozen=True)
class PartyContext:
    """What naming a party needs from the article."""

    doc: Doc
    text: str
    entities: Sequence[Entity]
    gazetteer: Gazetteer
    normalise: bool = True

    @cached_property
    def covering(self) -> dict[int, int]:
        """Character offset -> the index of the first entity (in order) with a mention over it;
        built once, where scanning every mention for each party was quadratic on a long text."""
        found: dict[int, int] = {}
        for k, e in enumerate(self.entities):
            for m in e.mentions:
                for at in range(m.start, m.end):
                    found.setdefault(at, k)
        return found


def name_party(tok: Token, ctx: PartyContext, *, stop: set[int], context_country: str | None = None) -> PartyRef:
    """Name a party: a person or organisation entity, a country for a state, else the words."""
    # A bare number or determiner ("two were hurt") has no phrase of its own: name it as written.
    words = (phrase_tokens(tok, stop=stop) if tok.dep_ not in ("amod", "compound") else []) or [tok]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = ctx.text[start:end]
    head = tok.head
    if not ctx.normalise and tok.dep_ in ("amod", "compound") and head.i > tok.i and head.i not in stop \
            and pos(head) == "NOUN" and lemma(head) not in lex.NOUNS:
        # as written, a name inside a noun phrase shows with its noun: 'UN peacekeepers', not 'UN'
        text = ctx.text[min(t.idx for t in tok.subtree):head.idx + len(head.text)]
    entity = _entity_at(ctx, tok.idx, tok.idx + len(tok.text))
    person = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if entity is None and person is not None:  # "the former president, Jacob Zuma": the person, not the state
        entity = _entity_at(ctx, person.idx, person.idx + len(person.text))
    country = _country_in(words, ctx.gazetteer)
    if country is None and entity is not None:
        country = _country_in_titles(entity, ctx.gazetteer)
    agent = _state_agent(tok, words)
    if country is None and agent:
        country = context_country
    if not ctx.normalise:
        return PartyRef(Party(text, entity.id if entity else None), country, start, end)
    if entity is not None and entity.type == "PERSON":
        return PartyRef(Party(entity.name, entity.id), country, start, end)
    if agent and country is not None:
        found = ctx.gazetteer.country(country)
        if found is not None:
            ent = _country_entity(ctx.entities, country, ctx.gazetteer)
            return PartyRef(Party(found.name, ent.id if ent else None), country, start, end)
    if entity is not None:
        return PartyRef(Party(entity.name, entity.id), country, start, end)
    return PartyRef(Party(_trim(text), None), country, start, end)


def _state_agent(tok: Token, words: Sequence[Token]) -> bool:
    """Whether a phrase names a state's organ ('Russian forces', 'the ministry of defense', and the
    'Russian' of 'Ukrainian and Russian negotiators'), not a people or a non-state group."""
    if any(lemma(w) in _NON_STATE for w in words):
        return False
    head = tok
    while head.dep_ in ("amod", "compound", "conj") and head.head.i != head.i:
        head = head.head
    return lemma(head) in lex.STATE_AGENTS | lex.STRIKERS  # "Russian missiles": Russia's, as its forces are


def _trim(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or text


def _entity_at(ctx: PartyContext, start: int, end: int) -> Entity | None:
    """The first entity (in order) with a mention overlapping ``start``..``end``."""
    found = [k for at in range(start, end) if (k := ctx.covering.get(at)) is not None]
    return ctx.entities[min(found)] if found else None


def _country_in(words: Sequence[Token], gaz: Gazetteer) -> str | None:
    i = 0
    while i < len(words):
        tok = words[i]
        if tok.ent_type_ in ("GPE", "NORP", "LOC") or pos(tok) in ("PROPN", "ADJ"):
            j = i
            while j + 1 < len(words) and words[j + 1].ent_iob_ == "I" and words[j + 1].i == words[j].i + 1:
                j += 1
            name = tok.doc[words[i].i:words[j].i + 1].text
            iso = gaz.country_of(name) or gaz.country_of(tok.text)
            if iso is not None:
                return iso
            i = j
        i += 1
    return None


def _country_in_titles(entity: Entity, gaz: Gazetteer) -> str | None:
    for title in entity.titles:
        for word in title.replace("'s", " ").split():
            iso = gaz.country_of(word.strip(",.")) if word[:1].isupper() else None
            if iso is not None:
                return iso
    return None


def _country_entity(entities: Sequence[Entity], iso: str, gaz: Gazetteer) -> Entity | None:
    best = None
    for e in entities:
        if e.type in ("PLACE", "GROUP") and gaz.country_of(e.name) == iso:
            if e.type == "PLACE":
                return e
            best = best or e
    return best
