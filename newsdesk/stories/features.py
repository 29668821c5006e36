"""Cheap sparse features of an article for story matching: no parser, no model.

:func:`featurize` gathers them: the content words of the whole text, with the title and lead
counted again; :func:`article_names` the names (the article's entities when the understand stage has run,
else capitalised phrases); :func:`article_facets` its event types, event places and years.
:class:`Idf` keeps document frequencies of the stream so far, so weights need no corpus known in
advance.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from operator import itemgetter, mul

import numpy as np
import numpy.typing as npt

from ..types import Article
from .neardup import Fingerprint, fingerprint

Vector = dict[str, float]
Dense = npt.NDArray[np.float32]  # a unit sentence embedding (optional, see .embeddings)

# read in lower-cased text only (every caller lowers first): [a-z] scans faster than [A-Za-z]
_WORD = re.compile(r"[a-z][a-z'’\-]*[a-z]|\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![\w'’])[A-Z][\w'’\-]*(?:\s+(?:(?:of|de|la|van|von|al|bin)\s+)?[A-Z][\w'’\-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")
# a year 1950-2099 not inside a longer number; the look-behind comes after the first digit so that
# the search skips to a 1 or a 2 (a look-behind first is tried at every character: 4x slower)
_YEAR = re.compile(r"(?:1(?<![\d.,]1)9[5-9]|2(?<![\d.,]2)0\d)\d(?![\d.,]\d)")
STOP_WORDS = frozenset(str.split("""
a about above after again against all almost along already also although always am among an and another
any anyone anything are around as at away back be became because become been before being below between
both but by can cannot could did do does doing done down during each either else enough even ever every
few for from further get gets getting go going gone got had has have having he her here hers herself him
himself his how however i if in into is it its itself just last least less like made make many may me
might more most much must my myself never new next no nor not now of off often on once one only or other
others our ours ourselves out over own per perhaps put quite rather really said same say says see seen
several she should since so some something still such than that the their theirs them themselves then
there these they this those though through thus to too toward towards under until up upon us use used very
was we well were what whatever when where whether which while who whom whose why will with within without
would yet you your yours yourself yourselves mr mrs ms dr told tell according including include s t ll re
ve d m news report reported reports reporting via read more click image photo video comment comments
"""))
_NAME_STOP = STOP_WORDS | frozenset(str.split(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday "
    "am pm posted updated published share tweet"))


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A light plural/possessive folding: 'earthquakes' and 'earthquake's' count as 'earthquake'."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Content words of ``text``, lowercased and folded; stop words and single letters dropped."""
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def lead(article: Article, chars: int) -> str:
    """The title and the first ``chars`` characters of the text (cut at a word boundary)."""
    text = article.text[:chars]
    if len(article.text) > chars and " " in text:
        text = text[: text.rindex(" ")]
    return f"{article.title or ''}\n{text}"


def article_names(article: Article) -> Counter[str]:
    """Names of people, places and organisations, lowercased, with their single words as well.

    The article's entities when it has them (the understand stage has run), else capitalised
    phrases that do not start a sentence.
    """
    names: Counter[str] = Counter()
    if article.entities:
        for entity in article.entities:
            _add_name(names, entity.name, max(1, len(entity.mentions)))
        return names
    text = article.text if not article.title else f"{article.title}\n{article.text}"
    for match in _NAME.finditer(text):
        phrase = match.group(0)
        if _SENTENCE_START.search(text[max(0, match.start() - 3): match.start()]) and " " not in phrase:
            continue
        _add_name(names, phrase, 1)
    return names


def _add_name(names: Counter[str], phrase: str, count: int) -> None:
    parts = [_stem(p.lower()) for p in phrase.split() if p.lower() not in _NAME_STOP and len(p) > 1]
    if not parts:
        return
    if len(parts) > 1:
        names[" ".join(parts)] += count
    for part in parts:
        names[part] += count


def article_facets(article: Article) -> Counter[str]:
    """What kind of event and where and when: event types, event places, and the years the text
    mentions (1950–2099). Not the publication year: in a dated stream every article shares it, so
    it would add up to ``facet_weight`` to every score (an article about anything joining any story
    of the week, and the split's caps never met), while the time window already keeps apart what
    was published far apart."""
    facets: Counter[str] = Counter("y:" + y for y in _YEAR.findall(f"{article.title or ''}\n{article.text}"))
    for event in article.events:
        facets["e:" + event.type.upper()] += 1
        if event.location is not None:
            facets["p:" + event.location.name.lower()] += 1
    return facets


def central_people(article: Article, lead_chars: int = 400) -> frozenset[str]:
    """The people an article is about (see :func:`people_of`)."""
    return people_of(article, lead_chars)[0]


def people_of(article: Article, lead_chars: int = 400) -> tuple[frozenset[str], frozenset[str]]:
    """The people an article is about, and those a story must have among its own not to conflict with it
    (``TrackerParams.conflict``), by surname (lowercased, folded).

    The people it is about: those named in the title or the lead, and the most mentioned (at least
    twice, and at least half as often as the most mentioned person). Two reports of one kind of event
    (a player's arrest, a deputy's killing) share their words, places and event types; who it happened
    to, or who did it, is what tells them apart, while a person named once deep in the text (a
    spokesman, an earlier case recalled) tells little. Needs the understand stage's entities (none: empty).

    The others: every person the article names at all, when it is about someone it does not only
    quote; else none (it conflicts with no story). A follow-up may be about a new speaker (a Pentagon
    spokesman on talks a negotiator spoke of), or name the story's people only in passing; a report of
    another event of the kind is about someone not just quoted (the player arrested), and names none
    of the first one's people."""
    counts: Counter[str] = Counter()
    early: set[str] = set()  # named in the title or the lead
    written: dict[str, str] = {}  # each key's surname as the text would write it in lower case
    for entity in article.entities:
        if entity.type != "PERSON":
            continue
        found = _surname(entity.name)
        if found is None:
            continue
        surname, key = found
        written.setdefault(key, surname)
        counts[key] += len(entity.mentions)
        for mention in entity.mentions:
            if mention.start < lead_chars:
                early.add(key)
                break
    if not counts:
        return frozenset(), frozenset()
    if article.title:
        early.update(k for k in map(_stem, _WORD.findall(article.title.lower())) if k in counts)
    named: dict[str, bool] = {}  # the keys checked (the checks are the cost: only the few that may count)

    def is_name(key: str) -> bool:
        if key not in named:
            named[key] = _is_name(written[key], article.text)
        return named[key]

    most = next((n for k, n in counts.most_common() if is_name(k)), 0)  # the most mentioned name's count
    central = frozenset(k for k, n in counts.items() if (k in early or n >= max(2, most / 2)) and is_name(k))
    quoted = {found[1] for quote in article.quotes
              if quote.speaker is not None and (found := _surname(quote.speaker.name)) is not None}
    return central, frozenset(counts) if central - quoted else frozenset()


def _is_name(surname: str, text: str) -> bool:
    """Whether a tagged person's surname is a name: "Highway", "Climber", "Dairy" (a tagger's slips)
    are words the text also writes in lower case, names are not ("highway", "climbers")."""
    at = text.find(surname)
    while at >= 0:
        end = at + len(surname)
        if text[end:end + 1] == "s":
            end += 1
        if (at == 0 or not text[at - 1].isalnum()) and not text[end:end + 1].isalnum():
            return False
        at = text.find(surname, at + 1)
    return True


@functools.lru_cache(maxsize=1 << 14)  # a name recurs in article after article
def _surname(name: str) -> tuple[str, str] | None:
    """A person's last name, lowercased ("Luis Gerardo 'Jerry' Ortiz", "Deputy Ortiz": ``ortiz``), and
    folded (the key): articles name one person in full, by surname, or with a title."""
    parts = [p for p in _WORD.findall(name.lower()) if p not in _NAME_STOP and len(p) > 1 and not p.isdigit()]
    return (parts[-1], _stem(parts[-1])) if parts else None


@dataclass(frozen=True)
class ArticleFeatures:
    """What story matching needs of one article, before any stream-dependent weighting: word,
    name and facet counts, the near-duplicate fingerprint, the time (days since the epoch), the
    sentence embedding when the tracker uses one, and the people it is about."""

    terms: Mapping[str, float]
    names: Mapping[str, float]
    facets: Mapping[str, float]
    fingerprint: Fingerprint
    when: float | None
    embedding: Dense | None = field(default=None, compare=False)
    people: frozenset[str] = frozenset()  # central people's surnames (see central_people)
    named: frozenset[str] = frozenset()  # a story must have one of them central not to conflict (see people_of)


def featurize(article: Article, lead_chars: int = 400, lead_weight: float = 1.0,
              people: bool = True) -> ArticleFeatures:
    """An article's features: a pure function of the article, so it can run anywhere (e.g. in
    the analysis workers) ahead of the serial clustering step. ``people`` False: without its
    central people (a tracker without the conflict penalty reads none)."""
    text = article.text
    # the lead ends at a space or line break (no word spans one), so the body is the lead's words
    # and the rest's, and the text is read once
    cut = len(text) if len(text) <= lead_chars else max(0, text.rfind(" ", 0, lead_chars),
                                                       text.rfind("\n", 0, lead_chars))
    head = words(text[:cut])
    body = head + words(text[cut:])
    title = words(article.title) if article.title else []
    terms: dict[str, float] = dict(Counter(body))
    if lead_weight:  # the title and the lead count again
        for word in title + head:
            terms[word] = terms.get(word, 0.0) + lead_weight
    central, named = people_of(article, lead_chars) if people else (frozenset(), frozenset())
    return ArticleFeatures(terms, article_names(article), article_facets(article), fingerprint(title + body),
                           days(article.published), people=central, named=named)


def days(published: str | None) -> float | None:
    """Days since the epoch of an ISO date or datetime (naive ones read as UTC), or None."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.utcoffset() is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() / 86400.0


class Idf:
    """Document frequencies of the stream seen so far; weights need no corpus known beforehand."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, terms: Iterable[str]) -> None:
        self.documents += 1
        self.frequency.update(set(terms))

    def weight(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.frequency[term] + 1)) + 1.0


def weighted(counts: Mapping[str, float], idf: Idf | None, power: float = 1.0,
             limit: int | None = None) -> Vector:
    """Sublinear tf × idf ** ``power``, the ``limit`` strongest terms kept (all: None), scaled to
    unit length (empty stays empty). A power above 1 favours rare words, the ones that tell one
    event from another of the same kind."""
    log = math.log
    if idf is None:
        vec = {t: 1.0 + log(n) for t, n in counts.items() if n > 0}
    else:
        total, freq = idf.documents + 1, idf.frequency
        vec = {t: (1.0 + log(n)) * (log(total / (freq[t] + 1)) + 1.0) ** power for t, n in counts.items() if n > 0}
    if limit is not None and len(vec) > limit:  # cut before scaling: one unit() for the kept terms
        vec = dict(sorted(vec.items(), key=itemgetter(1), reverse=True)[:limit])
    return unit(vec)


def unit(vec: Vector) -> Vector:
    values = vec.values()
    norm = math.sqrt(sum(map(mul, values, values)))  # the sum of w * w, in C
    return {t: w / norm for t, w in vec.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    total: float = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))  # the sum of w * b[t], in C
    return total
