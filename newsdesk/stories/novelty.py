"""Novelty: which of an article's quotes and events are new to its story, and which repeat it.

A story remembers the content words of every quote and event sentence it has seen, and who did
what to whom where. A quote repeats one already known when most of its words are in the known
one (outlets trim quotes differently; a longer quote holding a known one adds the rest). An
event repeats one known of the same type when most of its sentence's words are in the known
one's sentence, or when each actor, target or place it gives agrees with one of the known one's,
in any role (names agree through the country of a place, so "Moscow" and "Russia" are one
side); and an event told in the sentence of a repeated quote repeats it too. What is new becomes a
:class:`Development`; the first article of a story also gives one ``story`` development.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..types import Article, Event, Quote
from .features import words
from .records import Development

QUOTE_SAME = 0.6  # share of a quote's words found in a known quote: a repeat
EVENT_SAME = 0.5  # share of an event sentence's words found in a known one of the type
SHORT = 3  # bags of fewer words repeat only their equals
MERGE_WORDS = 6  # a quote this long (content words), repeated, is evidence that two stories are one
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*\n")


Slots = tuple[frozenset[str], frozenset[str], frozenset[str]]  # actor, target and place keys


class _Bags:
    """Bags of words with an index from word to bag, to find the known bag sharing most of a new one."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.index: dict[str, list[int]] = {}
        self.exact: set[frozenset[str]] = set()

    def add(self, bag: frozenset[str]) -> int:
        n = len(self.sizes)
        self.sizes.append(len(bag))
        self.exact.add(bag)
        for word in bag:
            self.index.setdefault(word, []).append(n)
        return n

    def absorb(self, other: _Bags) -> None:
        """Take in another story's bags (two stories found to be one)."""
        offset = len(self.sizes)
        self.sizes.extend(other.sizes)
        self.exact |= other.exact
        for word, ids in other.index.items():
            self.index.setdefault(word, []).extend(i + offset for i in ids)

    def sharing(self, bag: frozenset[str], share: float) -> list[int]:
        """Known bags holding at least ``share`` of the new bag's words (a short bag: its equals)."""
        if len(bag) < SHORT:  # a word or two repeat only their equal
            return [i for i in self._counts(bag) if self.sizes[i] == len(bag)] if bag in self.exact else []
        need = share * len(bag)
        return [i for i, n in self._counts(bag).items() if n >= need]

    def _counts(self, bag: frozenset[str]) -> dict[int, int]:
        counts: dict[int, int] = {}
        get = counts.get
        for word in bag:
            for i in self.index.get(word, ()):
                counts[i] = get(i, 0) + 1
        return counts


@dataclass
class _Events:
    bags: _Bags = field(default_factory=_Bags)
    slots: list[Slots] = field(default_factory=list)


@dataclass
class Memory:
    """What a story already knows: quote words, and events (sentence words, slots) per type."""

    quotes: _Bags = field(default_factory=_Bags)
    events: dict[str, _Events] = field(default_factory=dict)


def _countries(article: Article) -> dict[str, str]:
    return {e.name.lower(): e.place.country for e in article.entities if e.place and e.place.country}


def _slots(countries: dict[str, str], event: Event) -> Slots:
    def keys(name: str | None, country: str | None = None) -> frozenset[str]:
        if not name:
            return frozenset()
        code = country or countries.get(name.lower())
        return frozenset((name.lower(), "@" + code) if code else (name.lower(),))

    loc = event.location
    return (keys(event.actor.name if event.actor else None), keys(event.target.name if event.target else None),
            keys(loc.name if loc else None, loc.country if loc else None))


def _same_slots(new: Slots, known: Slots) -> bool:
    """The new event tells nothing the known one did not: each party or place it gives agrees
    with one the known one gives, in any role (roles are the extraction's weakest part), and it
    gives one at least."""
    return any(new) and all(not x or any(x & y for y in known) for x in new)


def _repeats(bag: frozenset[str], slots: Slots, known: _Events) -> bool:
    return bool(known.bags.sharing(bag, EVENT_SAME)) or any(_same_slots(slots, k) for k in known.slots)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding ``text[start:end]``."""
    left = 0
    for match in _BOUNDARY.finditer(text, max(0, start - 1000), start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end)
    right = right_match.start() + 1 if right_match and text[right_match.start()] in ".!?" else (
        right_match.start() if right_match else len(text))
    return left, max(right, end)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _record(value: Any) -> Any:
    """``types.to_dict`` for the shallow quote and event records, with field names looked up once
    per class (a development is made for most articles; ``to_dict`` was half the cost)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _record(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple):
        return [_record(v) for v in value]
    return value


def _quote_words(quote: Quote) -> frozenset[str]:
    return frozenset(words(quote.text))


def absorb(memory: Memory, other: Memory) -> None:
    """What two stories found to be one know: ``memory`` learns all that ``other`` knew."""
    memory.quotes.absorb(other.quotes)
    for kind, known in other.events.items():
        mine = memory.events.setdefault(kind, _Events())
        mine.bags.absorb(known.bags)
        mine.slots.extend(known.slots)


def shares_a_quote(memory: Memory, article: Article) -> bool:
    """Whether the article repeats a direct quote the story knows, of MERGE_WORDS words at least
    (numbers aside): the same words said in two stories make them one story. Reported speech does
    not count: background ("that O'Brien was relieved of his duties") runs through stories of
    different events alike."""
    for quote in article.quotes:
        if quote.kind == "indirect":
            continue
        bag = _quote_words(quote)
        if sum(w.isalpha() for w in bag) >= MERGE_WORDS and memory.quotes.sharing(bag, QUOTE_SAME):
            return True
    return False


def adds_a_quote(memory: Memory, article: Article) -> bool:
    """Whether the article holds a direct quote the story does not know: a near-duplicate that
    adds one (an outlet's own interview appended to a wire text) is a report, not a copy. Reported
    speech does not count: a copy's lightly reworded sentence reads as new indirect speech."""
    return any(quote.kind != "indirect" and not memory.quotes.sharing(_quote_words(quote), QUOTE_SAME)
               for quote in article.quotes)


Said = tuple[tuple[frozenset[str], ...], tuple[tuple[str, frozenset[str], Slots, tuple[int, ...]], ...]]


def said(article: Article) -> Said:
    """All that learning reads of an article (:func:`_learn`): its quotes' words, and each event's type,
    sentence words, slots and the quotes its sentence holds. Two versions that say the same are
    learnt alike in any memory."""
    countries = _countries(article) if article.events else {}
    quotes = article.quotes
    return (tuple(_quote_words(q) for q in quotes),
            tuple((e.type.upper(), frozenset(words(article.text[e.sentence.start:e.sentence.end])),
                   _slots(countries, e),
                   tuple(i for i, q in enumerate(quotes) if e.sentence.start <= q.start and q.end <= e.sentence.end))
                  for e in article.events))


def remember(memory: Memory, article: Article) -> None:
    """Learn an article's quotes and events without reporting them (a copy, or a replay): the
    memory ends as :func:`developments` would leave it."""
    _learn(memory, article, "", emit=False)


def developments(memory: Memory, article: Article, story_id: str, *, first: bool) -> tuple[Development, ...]:
    """The article's quotes and events that are new to the story (learning them as it goes), in
    text order; with a ``story`` development first when the article starts the story."""
    devs = _learn(memory, article, story_id, emit=True)
    return (opening(article, story_id), *devs) if first else devs


def opening(article: Article, story_id: str) -> Development:
    """The ``story`` development of an article that starts a story: its first sentence."""
    start, end = sentence_around(article.text, 0, 0)
    return Development(None, story_id, article.id, "story", article.text[start:end], start, end,
                       {"title": article.title, "url": article.url, "source": article.source}, article.published)


def _learn(memory: Memory, article: Article, story_id: str, *, emit: bool) -> tuple[Development, ...]:
    found: list[tuple[int, Development]] = []
    repeated: list[Quote] = []  # an event told in the sentence of a quote the story knew repeats it too
    before = len(memory.quotes.sizes)
    for quote in article.quotes:
        bag = _quote_words(quote)
        same = memory.quotes.sharing(bag, QUOTE_SAME)
        if same:
            if min(same) < before:
                repeated.append(quote)
            continue
        memory.quotes.add(bag)
        if emit:
            start, end = sentence_around(article.text, quote.start, quote.end)
            found.append((quote.start, Development(None, story_id, article.id, "quote", article.text[start:end],
                                                   start, end, _record(quote), article.published)))
    countries = _countries(article) if article.events else {}
    bags: dict[tuple[int, int], frozenset[str]] = {}  # events often share a sentence
    for event in article.events:
        span = event.sentence
        key = (span.start, span.end)
        if key not in bags:
            bags[key] = frozenset(words(article.text[span.start:span.end]))
        bag = bags[key]
        slots = _slots(countries, event)
        known = memory.events.setdefault(event.type.upper(), _Events())
        if _repeats(bag, slots, known) or any(span.start <= q.start and q.end <= span.end for q in repeated):
            continue
        known.bags.add(bag)
        known.slots.append(slots)
        if emit:
            found.append((span.start, Development(None, story_id, article.id, "event",
                                                  article.text[span.start:span.end], span.start, span.end,
                                                  _record(event), article.published)))
    found.sort(key=lambda pair: pair[0])
    return tuple(dev for _, dev in found)
