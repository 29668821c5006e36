"""Matching watch rules against what an article added to its story.

A rule's filters (``person:`` ``org:`` ``place:`` ``event:`` ``source:`` ``since:`` ``until:``) look
at the whole article; its words and phrases look at what is new: the whole article when it starts
a story, else the sentence behind each new quote or event. ``said:NAME`` looks at what is new too:
a new statement of that speaker's (a stance is no statement: statements.py), its words in that
quote's sentence (for an article that starts a story, each statement of theirs in it).
So a rule fires on news, never on an article that only repeats its story (it has no developments),
and its reason is a sentence that holds what it asked for.

:class:`Matcher` indexes many rules by a word or name each needs (the rarest it can tell), so an
article is checked only against rules that could match it: cost grows with the rules that share
its words, not with all rules.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..statements import stated
from ..store.query import UNHAPPENED, And, Field, Node, Not, Or, Phrase, Term, date_range, utc_instant, walk
from ..types import Article
from .text import Sentence, joined, name_joined, rule_fold, rule_joined, rule_name_joined, rule_words, sentences, words

Geocode = Callable[[str], tuple[float, float] | None]
CountryOf = Callable[[str], str | None]  # a country's name to its ISO code; None for any other name
Key = tuple[str, ...]
ENTITY_TYPES = {"person": "PERSON", "org": "ORG", "place": "PLACE"}


@dataclass(frozen=True)
class Rule:
    """A watch as the matcher sees it: its id and its parsed query."""

    watch_id: str
    query: Node


@dataclass(frozen=True)
class NewDevelopment:
    """A development as the matcher needs it: its key, its kind and the sentence behind it."""

    pk: int
    kind: str
    sentence: str
    start: int = 0
    end: int = 0
    speaker: str | None = None  # a quote's speaker


@dataclass(frozen=True)
class Hit:
    """A rule that fired on an article: the development it fired on and the sentence that says why."""

    watch_id: str
    development_pk: int
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class _Scope:
    """Text a rule's words are looked for in: its stems between spaces, and as a set; ``speakers``: who
    said it (a new quote's speaker; None for the whole article, whose quotes the view holds)."""

    text: str
    stems: frozenset[str]
    speakers: tuple[str, ...] | None = None

    @classmethod
    def of(cls, text: str, speakers: tuple[str, ...] | None = None) -> _Scope:
        stems = words(text)
        return cls(" " + " ".join(stems) + " ", frozenset(stems), speakers)

    @classmethod
    def of_development(cls, dev: NewDevelopment) -> _Scope:
        return cls.of(dev.sentence, (name_joined(dev.speaker),) if dev.kind == "quote" and dev.speaker else ())


@dataclass(frozen=True)
class Subject:
    """What rules look at in an article: from an :class:`Article`, or straight from its stored JSON
    record (no record types built: the alerter reads many)."""

    id: str
    title: str | None
    text: str
    url: str | None = None
    source: str | None = None
    published: str | None = None
    names: tuple[tuple[str, str, float | None, float | None], ...] = ()  # (type, name, lat, lon)
    events: tuple[str, ...] = ()
    event_spans: tuple[tuple[str, int, int], ...] = ()  # (type, start, end of its sentence)
    speakers: tuple[str, ...] = ()  # of its quotes
    quote_spans: tuple[tuple[str, int, int], ...] = ()  # (speaker, start, end) of each quote with one
    countries: tuple[str, ...] = ()  # ISO codes of its places (an entity's, an event's location)

    @classmethod
    def of(cls, article: Article) -> Subject:
        names = tuple((e.type, e.name, e.place.lat if e.place else None, e.place.lon if e.place else None)
                      for e in article.entities)
        # an event's place is a place of the article, as search and the map take it
        names += tuple(("PLACE", ev.location.name, ev.location.lat, ev.location.lon)
                       for ev in article.events if ev.location is not None)
        happened = [e for e in article.events if e.modality not in UNHAPPENED]
        said = tuple((q.speaker.name, q.start, q.end) for q in article.quotes
                     if q.speaker and stated(q.text, q.kind, q.cue))
        return cls(article.id, article.title, article.text, article.url, article.source, article.published, names,
                   tuple(e.type for e in happened),
                   tuple((e.type, e.sentence.start, e.sentence.end) for e in happened),
                   tuple(name for name, _, _ in said), said,
                   tuple({e.place.country for e in article.entities if e.place and e.place.country}
                         | {ev.location.country for ev in article.events if ev.location and ev.location.country}))

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Subject:
        names = tuple((str(e.get("type")), str(e.get("name")), (e.get("place") or {}).get("lat"),
                       (e.get("place") or {}).get("lon")) for e in record.get("entities") or ())
        names += tuple(("PLACE", str(loc.get("name")), loc.get("lat"), loc.get("lon"))
                       for loc in (e.get("location") for e in record.get("events") or ()) if isinstance(loc, dict))
        happened = [e for e in record.get("events") or () if e.get("modality") not in UNHAPPENED]
        spans = tuple((str(e.get("type")), int(e["sentence"].get("start", 0)), int(e["sentence"].get("end", 0)))
                      for e in happened if isinstance(e.get("sentence"), dict))
        said = tuple((str(q["speaker"]["name"]), int(q.get("start", 0)), int(q.get("end", 0)))
                     for q in record.get("quotes") or ()
                     if isinstance(q.get("speaker"), dict) and q["speaker"].get("name")
                     and stated(str(q.get("text") or ""), str(q.get("kind") or ""), q.get("cue") or None))
        places = [e.get("place") for e in record.get("entities") or ()] + [e.get("location")
                                                                           for e in record.get("events") or ()]
        countries = tuple({str(p["country"]) for p in places if isinstance(p, dict) and p.get("country")})
        return cls(str(record["id"]), record.get("title"), str(record.get("text") or ""), record.get("url"),
                   record.get("source"), record.get("published"), names,
                   tuple(str(e.get("type")) for e in happened), spans,
                   tuple(name for name, _, _ in said), said, countries)


class ArticleView:
    """An article prepared once for every rule: names by type, event types, dates, text scopes."""

    def __init__(self, article: Article | Subject, geocode: Geocode | None = None,
                 country_of: CountryOf | None = None) -> None:
        subject = article if isinstance(article, Subject) else Subject.of(article)
        self.article = subject
        self.geocode = geocode
        self.country_of = country_of
        self.countries = frozenset(subject.countries)
        self.names: dict[str, list[str]] = {t: [] for t in ENTITY_TYPES.values()}
        self.coords: list[tuple[float, float]] = []
        for kind, name, lat, lon in subject.names:
            if kind in self.names:
                self.names[kind].append(name_joined(name))
            if kind == "PLACE" and lat is not None and lon is not None:
                self.coords.append((float(lat), float(lon)))
        self.events = frozenset(e.upper() for e in subject.events)
        self.speakers = tuple(dict.fromkeys(name_joined(s) for s in subject.speakers))
        self.source = joined(subject.source or "")
        self.utc = utc_instant(subject.published) or ""  # since:/until: compare the UTC instant, as search does
        self.whole = _Scope.of(f"{subject.title or ''}\n{subject.text}")
        self._sentences: list[tuple[Sentence, str]] | None = None

    def sentences(self) -> list[tuple[Sentence, str]]:
        """The text's sentences with their stems joined, then their names' spellings (:func:`_joined`;
        made once, for the rules that fire)."""
        if self._sentences is None:
            self._sentences = [(s, _joined(s.text)) for s in sentences(self.article.text)]
        return self._sentences

    def keys(self) -> set[Key]:
        """What the index may ask for: words, prefixes, names by type, event types, source words."""
        keys: set[Key] = {("w", s) for s in self.whole.stems}
        keys |= {("p", s[:3]) for s in self.whole.stems}
        for kind, names in self.names.items():
            keys |= {("e", kind, w) for name in names for w in name.split()}
        keys |= {("ev", t) for t in self.events}
        keys |= {("s", w) for w in self.source.split()}
        keys |= {("q", w) for name in self.speakers for w in name.split()}
        keys |= {("c", iso) for iso in self.countries}
        return keys


def _near(view: ArticleView, node: Field) -> bool:
    centre = view.geocode(node.value) if view.geocode else None
    if centre is None or node.km is None:
        return False
    return any(_km(centre, c) <= node.km for c in view.coords)


def _in_country(view: ArticleView, node: Field) -> bool:
    """``place:COUNTRY``: a place of the article in that country ("El Fasher" is in Sudan)."""
    if node.name != "place" or node.km is not None or view.country_of is None or not view.countries:
        return False
    return view.country_of(node.value) in view.countries


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def holds(node: Node, view: ArticleView, scope: _Scope) -> bool:
    """Whether ``node`` holds for the article, its words looked for in ``scope``."""
    if isinstance(node, Term):
        if node.prefix:
            return " " + rule_fold(node.text) in scope.text
        stems = rule_words(node.text)
        return stems[0] in scope.stems if len(stems) == 1 else " " + " ".join(stems) + " " in scope.text
    if isinstance(node, Phrase):
        return rule_joined(node.text) in scope.text
    if isinstance(node, Field):
        return _field(node, view, scope)
    if isinstance(node, Not):
        return not holds(node.item, view, scope)
    if isinstance(node, And):
        return all(holds(i, view, scope) for i in node.items)
    return any(holds(i, view, scope) for i in node.items)


def _field(node: Field, view: ArticleView, scope: _Scope) -> bool:
    if node.name == "said":  # the new quote's speaker; the article's speakers when it starts a story
        needle = rule_name_joined(node.value)
        return any(needle in name for name in (view.speakers if scope.speakers is None else scope.speakers))
    if node.name in ENTITY_TYPES:
        needle = rule_name_joined(node.value)
        return any(needle in name for name in view.names[ENTITY_TYPES[node.name]]) or (
            node.km is not None and _near(view, node)) or _in_country(view, node)
    if node.name == "event":
        return node.value.upper() in view.events
    if node.name == "source":
        return rule_joined(node.value) in view.source
    lower, upper = date_range(node)
    return bool(view.utc) and (lower is None or view.utc >= lower) and (upper is None or view.utc < upper)


def needles(node: Node) -> list[str]:
    """What a reason sentence should show: the rule's words, phrases and names (not those under NOT)."""
    out: list[str] = []
    for n, negated in walk(node):
        if negated:
            continue
        if isinstance(n, Term):
            out.append(" " + rule_fold(n.text) if n.prefix else rule_joined(n.text))
        elif isinstance(n, Phrase) or (isinstance(n, Field) and n.name == "source"):
            out.append(rule_joined(n.text if isinstance(n, Phrase) else n.value))
        elif isinstance(n, Field) and n.name in ENTITY_TYPES:  # a name, however it is spelled there
            out.append(rule_name_joined(n.value))
    return out


def _asks_speaker(node: Node) -> bool:
    return any(isinstance(n, Field) and n.name == "said" and not negated for n, negated in walk(node))


def _quote_hit(rule: Node, view: ArticleView, dev: NewDevelopment) -> Hit | None:
    """For an article that starts a story and a rule asking who said it: the sentences of the first
    quote that holds the rule as a new quote would (its speaker, its words there)."""
    text = view.article.text
    for speaker, start, end in view.article.quote_spans:
        around = [s for s, _ in view.sentences() if s.start < end and start < s.end]
        first, last = (around[0].start, around[-1].end) if around else (start, end)
        if holds(rule, view, _Scope.of(text[first:last], (name_joined(speaker),))):
            return Hit("", dev.pk, text[first:last], first, last)
    return None


def _event_types(node: Node) -> frozenset[str]:
    """The event types a rule asks for (not under NOT)."""
    return frozenset(n.value.upper() for n, negated in walk(node)
                     if not negated and isinstance(n, Field) and n.name == "event")


def _holds_event(view: ArticleView, types: frozenset[str], start: int, end: int) -> bool:
    """Whether an event of one of ``types`` was coded from the text between ``start`` and ``end``."""
    return bool(types) and any(t.upper() in types and s < end and start < e for t, s, e in view.article.event_spans)


@functools.lru_cache(maxsize=4096)  # one article's sentences, scored for each rule that fires on it
def _joined(text: str) -> str:
    """``text``'s stems joined, then its words as names spell them, for the needles of a rule's words and names."""
    return joined(text) + name_joined(text)


def _score(text: str, wanted: Sequence[str]) -> int:
    scope = _joined(text)
    return sum(1 for w in wanted if w in scope)


def best_sentence(rule: Node, view: ArticleView, developments: Sequence[NewDevelopment],
                  scopes: Mapping[int, _Scope] | None = None) -> Hit | None:
    """The development ``rule`` fires on and its reason sentence; None when it fires on none.
    ``scopes``: the developments' sentences prepared already, by pk."""
    wanted = needles(rule)
    # an event: rule's reason is the sentence of such an event (it was the lead, or a quote beside it)
    types = _event_types(rule) if view.article.event_spans else frozenset()
    best: tuple[int, int, Hit] | None = None
    for dev in developments:
        if dev.kind == "story" and _asks_speaker(rule):
            found_quote = _quote_hit(rule, view, dev)
            if found_quote is None:
                continue
            hit, rank = found_quote, _score(found_quote.sentence, wanted)
        elif dev.kind == "story":
            if not holds(rule, view, view.whole):
                continue
            title = view.article.title or ""
            found = [(sum(1 for w in wanted if w in scope) + _holds_event(view, types, s.start, s.end), -s.start, s)
                     for s, scope in view.sentences()]
            score, _, sent = max(found, key=lambda f: (f[0], f[1]), default=(0, 0, None))
            if sent is not None and score > 0:
                hit = Hit("", dev.pk, sent.text, sent.start, sent.end)
            elif _score(title, wanted) > 0 or not dev.sentence:
                hit = Hit("", dev.pk, title or dev.sentence, -1, -1)
            else:
                hit = Hit("", dev.pk, dev.sentence, dev.start, dev.end)
            rank = score
        else:
            scope = scopes[dev.pk] if scopes and dev.pk in scopes else _Scope.of_development(dev)
            if not holds(rule, view, scope):
                continue
            hit, rank = Hit("", dev.pk, dev.sentence, dev.start, dev.end), _score(dev.sentence, wanted)
            rank += _holds_event(view, types, dev.start, dev.end)
        if best is None or (rank, -dev.pk) > (best[0], best[1]):
            best = (rank, -dev.pk, hit)
    return None if best is None else best[2]


def anchors(node: Node, country_of: CountryOf | None = None) -> frozenset[Key] | None:
    """Keys one of which an article must have for ``node`` to hold; None when no such set is known
    (``country_of``: ``place:COUNTRY`` also holds for an article with a place in it)."""
    if isinstance(node, Term):
        stems = rule_words(node.text)
        if node.prefix:
            return frozenset({("p", rule_fold(node.text)[:3])}) if len(rule_fold(node.text)) >= 3 else None
        return frozenset({("w", max(stems, key=len))}) if stems else None
    if isinstance(node, Phrase):
        stems = rule_words(node.text)
        return frozenset({("w", max(stems, key=len))}) if stems else None
    if isinstance(node, Field):
        if node.name in ENTITY_TYPES and node.km is None:
            stems = tuple(rule_name_joined(node.value).split())
            iso = country_of(node.value) if country_of is not None and node.name == "place" else None
            if not stems:
                return None
            return frozenset({("e", ENTITY_TYPES[node.name], max(stems, key=len))} | ({("c", iso)} if iso else set()))
        if node.name == "event":
            return frozenset({("ev", node.value.upper())})
        if node.name == "source":
            stems = rule_words(node.value)
            return frozenset({("s", max(stems, key=len))}) if stems else None
        if node.name == "said":
            stems = tuple(rule_name_joined(node.value).split())
            return frozenset({("q", max(stems, key=len))}) if stems else None
        return None
    if isinstance(node, And):
        known = [a for a in (anchors(i, country_of) for i in node.items) if a is not None]
        return min(known, key=lambda a: (len(a), min(len(k[-1]) for k in a) * -1)) if known else None
    if isinstance(node, Or):
        parts = [anchors(i, country_of) for i in node.items]
        return None if any(p is None for p in parts) else frozenset().union(*(p for p in parts if p))
    return None


class Matcher:
    """Many rules, indexed once; :meth:`match` gives the hits of one article's new developments."""

    def __init__(self, rules: Iterable[Rule], geocode: Geocode | None = None,
                 country_of: CountryOf | None = None) -> None:
        self.geocode = geocode
        self.country_of = country_of
        self.rules: dict[str, Rule] = {}
        self._index: dict[Key, list[str]] = {}
        self._always: list[str] = []
        for rule in rules:
            self.rules[rule.watch_id] = rule
            keys = anchors(rule.query, country_of)
            if keys is None:
                self._always.append(rule.watch_id)
            for key in keys or ():
                self._index.setdefault(key, []).append(rule.watch_id)

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, view: ArticleView) -> list[str]:
        """The rules that could match (every rule that does is among them), in a stable order."""
        found = set(self._always)
        for key in view.keys():  # noqa: SIM118  (a method, not a dict)
            found.update(self._index.get(key, ()))
        return sorted(found)

    def match(self, article: Article | Subject, developments: Sequence[NewDevelopment]) -> list[Hit]:
        if not developments or not self.rules:
            return []
        view = ArticleView(article, self.geocode, self.country_of)
        scopes = {d.pk: _Scope.of_development(d) for d in developments if d.kind != "story"}
        hits = []
        for watch_id in self.candidates(view):
            hit = best_sentence(self.rules[watch_id].query, view, developments, scopes)
            if hit is not None:
                hits.append(Hit(watch_id, hit.development_pk, hit.sentence, hit.start, hit.end))
        return hits

