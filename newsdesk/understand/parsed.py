"""What the NLP pass leaves for the later steps: sentences, tokens, names, and their entities.

These records are the hand-over between the understand steps (entities, quotes, and later
events and places): each step takes an :class:`Analysis` and reads what it needs, so the
model runs once per article. Offsets are code-point offsets into ``Article.text``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..types import Article, Entity

PUNCT_TAGS = frozenset({".", ",", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP", "$", "#", "_SP"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token. ``head`` and ``children`` index tokens of the same sentence.

    ``tag`` (Penn tag) and ``dep`` are empty, and ``head`` the token itself, in a sentence that
    was not parsed (see :attr:`Sentence.parsed`).
    """

    i: int
    start: int
    end: int
    text: str
    tag: str = ""
    dep: str = ""
    head: int = 0
    children: tuple[int, ...] = ()
    # the rules read a token's lower case hundreds of thousands of times an article batch: made once
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())

    @property
    def is_verb(self) -> bool:
        return self.tag.startswith("VB") or self.tag == "MD"

    @property
    def is_noun(self) -> bool:
        return self.tag.startswith(("NN", "PRP")) or (self.tag in {"CD", "DT"} and self.dep in {"nsubj", "appos"})

    @property
    def is_punct(self) -> bool:
        return self.tag in PUNCT_TAGS or (not self.tag and not any(c.isalnum() for c in self.text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one paragraph; ``parsed`` when the dependency parser ran on it."""

    index: int
    paragraph: int
    start: int
    end: int
    tokens: tuple[Token, ...]
    parsed: bool

    def subtree(self, i: int) -> list[int]:
        """Indices of token ``i`` and all its descendants, in text order."""
        out = [i]
        stack = [i]
        tokens = self.tokens
        while stack:
            children = tokens[stack.pop()].children
            if children:
                out.extend(children)
                stack.extend(children)
        return sorted(out)

    def roots(self) -> list[int]:
        return [t.i for t in self.tokens if t.head == t.i]


@dataclass(frozen=True, slots=True)
class Name:
    """A named-entity span as the model labelled it (spaCy labels: PERSON, ORG, GPE, DATE...)."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    first: int  # index of its first token in the sentence
    last: int  # index of its last token in the sentence (inclusive)


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of a resolved entity, with the sentence and tokens it covers."""

    entity: str
    start: int
    end: int
    sentence: int
    first: int
    last: int


@dataclass(frozen=True)
class Parsed:
    """The model's output for one article, before entities are resolved."""

    article: Article
    sentences: tuple[Sentence, ...]
    names: tuple[Name, ...]


@dataclass(frozen=True)
class Analysis:
    """One article understood: its sentences, names, entities and which tokens mention them.

    Built once per article by :meth:`newsdesk.understand.Analyzer.analyze`; the quote finder and
    (later) the event coder both read it, so no step parses again.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    names: tuple[Name, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[EntityMention, ...]

    # Look-ups by id, sentence and offset, built on first use: a long text holds thousands of
    # mentions, and scanning them all for each speaker made its analysis quadratic.
    @cached_property
    def _by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def _by_sentence(self) -> dict[int, tuple[EntityMention, ...]]:
        found: dict[int, list[EntityMention]] = {}
        for m in self.mentions:
            found.setdefault(m.sentence, []).append(m)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    def entity(self, entity_id: str) -> Entity:
        return self._by_id[entity_id]

    def mention_at(self, sentence: int, i: int) -> EntityMention | None:
        """The entity mention covering token ``i`` of ``sentence``, if any."""
        for m in self._by_sentence.get(sentence, ()):
            if m.first <= i <= m.last:
                return m
        return None

    def mentions_in(self, sentence: int) -> tuple[EntityMention, ...]:
        """The mentions of sentence ``sentence``, in text order."""
        return self._by_sentence.get(sentence, ())

    def mentions_before(self, offset: int) -> Iterator[EntityMention]:
        """The mentions that start before character ``offset``, the nearest first."""
        for k in range(bisect_left(self._starts, offset) - 1, -1, -1):
            yield self.mentions[k]
