"""Novelty: which of an article's quotes and events are new to its story, and which repeat it.

A story remembers the content words of every quote and event sentence it has seen, and who did
what to whom where. A quote repeats one already known when most of its words are in the known
one (outlets trim quotes differently; a longer quote holding a known one adds the rest). An
event repeats one known of the same type when most of its sentence's words are in the known
one's sentence, or when each of its actor, target and place that it gives, the known one gives
too, and they agree (names agree through the country of a place, so "Moscow" and "Russia" are
one side); and an event told in the sentence of a repeated quote repeats it too. What is new becomes a
:class:`Development`; the first article of a story also gives one ``story`` development.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..types import Article, Event, Quote, to_dict
from .features import words
from .records import Development

QUOTE_SAME = 0.6  # share of a quote's words found in a known quote: a repeat
EVENT_SAME = 0.5  # share of an event sentence's words found in a known one of the type
SHORT = 3  # bags of fewer words repeat only their equals
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*\n")


Slots = tuple[frozenset[str], frozenset[str], frozenset[str]]  # actor, target and place keys


@dataclass(frozen=True)
class _Known:
    words: frozenset[str]
    slots: Slots


@dataclass
class Memory:
    """What a story already knows: quote words, and events (sentence words, slots) per type."""

    quotes: list[frozenset[str]] = field(default_factory=list)
    events: dict[str, list[_Known]] = field(default_factory=dict)


def _slots(article: Article, event: Event) -> Slots:
    countries = {e.name.lower(): e.place.country for e in article.entities if e.place and e.place.country}

    def keys(name: str | None, country: str | None = None) -> frozenset[str]:
        if not name:
            return frozenset()
        found = {name.lower()}
        code = country or countries.get(name.lower())
        return frozenset(found | {"@" + code} if code else found)

    loc = event.location
    return (keys(event.actor.name if event.actor else None), keys(event.target.name if event.target else None),
            keys(loc.name if loc else None, loc.country if loc else None))


def _same_slots(new: Slots, known: Slots) -> bool:
    """The new event tells nothing the known one did not: each slot it gives, the known one gives
    too and agrees on (and it gives one at least)."""
    return any(new) and all(not x or (y and x & y) for x, y in zip(new, known, strict=True))


def _repeats(event: _Known, known: list[_Known]) -> bool:
    return any(_overlap(event.words, k.words) >= EVENT_SAME or _same_slots(event.slots, k.slots) for k in known)


def _overlap(new: frozenset[str], known: frozenset[str]) -> float:
    """Share of the new bag's words in the known one: a trimmed quote repeats its source; a
    longer one that holds a known quote adds the rest."""
    if len(new) < SHORT:  # a word or two repeat only their equal
        return 1.0 if new == known else 0.0
    return len(new & known) / len(new)


def _known(bag: frozenset[str], known: list[frozenset[str]], same: float) -> bool:
    return any(_overlap(bag, k) >= same for k in known)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding ``text[start:end]``."""
    left = 0
    for match in _BOUNDARY.finditer(text, max(0, start - 1000), start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end)
    right = right_match.start() + 1 if right_match and text[right_match.start()] in ".!?" else (
        right_match.start() if right_match else len(text))
    return left, max(right, end)


def _quote_words(quote: Quote) -> frozenset[str]:
    return frozenset(words(quote.text))


def _event(article: Article, event: Event) -> _Known:
    return _Known(frozenset(words(article.text[event.sentence.start:event.sentence.end])), _slots(article, event))


def remember(memory: Memory, article: Article) -> None:
    """Learn an article's quotes and events without reporting them (a copy, or a replay)."""
    for quote in article.quotes:
        memory.quotes.append(_quote_words(quote))
    for event in article.events:
        memory.events.setdefault(event.type.upper(), []).append(_event(article, event))


def developments(memory: Memory, article: Article, story_id: str, *, first: bool) -> tuple[Development, ...]:
    """The article's quotes and events that are new to the story (learning them as it goes), in
    text order; with a ``story`` development first when the article starts the story."""
    found: list[tuple[int, Development]] = []
    repeated: list[Quote] = []  # an event told in the sentence of a repeated quote repeats it too
    for quote in article.quotes:
        bag = _quote_words(quote)
        if _known(bag, memory.quotes, QUOTE_SAME):
            repeated.append(quote)
            continue
        memory.quotes.append(bag)
        start, end = sentence_around(article.text, quote.start, quote.end)
        found.append((quote.start, Development(None, story_id, article.id, "quote", article.text[start:end],
                                               start, end, to_dict(quote), article.published)))
    for event in article.events:
        seen = _event(article, event)
        known = memory.events.setdefault(event.type.upper(), [])
        span = event.sentence
        if _repeats(seen, known) or any(span.start <= q.start and q.end <= span.end for q in repeated):
            continue
        known.append(seen)
        found.append((span.start, Development(None, story_id, article.id, "event", article.text[span.start:span.end],
                                              span.start, span.end, to_dict(event), article.published)))
    found.sort(key=lambda pair: pair[0])
    devs = tuple(dev for _, dev in found)
    if first:
        start, end = sentence_around(article.text, 0, 0)
        opening = Development(None, story_id, article.id, "story", article.text[start:end], start, end,
                              {"title": article.title, "url": article.url, "source": article.source},
                              article.published)
        devs = (opening, *devs)
    return devs
