"""Online story clustering: each article joins the best matching active story, or starts one.

An article is compared with every story active in the time window through three sparse
vectors: its words (TF-IDF, title and lead counted again), its names (people, places,
organisations) and its facets (event types, event places, years). The score is a weighted sum
of the three cosines with the story's centroids; the best story at or above the threshold wins.
A near-duplicate of an earlier article (see :mod:`.neardup`) joins that article's story as a
copy: no developments, and it leaves the centroids alone.

Everything is deterministic and depends only on the order of the articles, so replaying stored
assignments (:meth:`StoryTracker.observe`) restores the state that made them, and re-clustering a
corpus in the same order gives the same stories.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import ConfigError
from ..types import Article
from .features import Idf, Vector, article_facets, article_names, article_terms, weighted
from .neardup import CopyIndex, Fingerprint, MinHasher
from .novelty import Memory, developments, remember
from .records import Assignment


@dataclass(frozen=True)
class TrackerParams:
    """Knobs of the tracker; the defaults are chosen by cross-validation on ECB+ (``bench/stories.py``)."""

    threshold: float = 0.30  # least score to join a story
    name_weight: float = 0.3  # weights of the names and facets cosines (words get the rest)
    facet_weight: float = 0.1
    lead_chars: int = 400  # the lead counted again, besides the title
    lead_weight: float = 1.0
    max_terms: int = 80  # strongest words kept per article (speed; weak words rarely decide)
    window_days: float = 7.0  # a story takes new articles this long after its last one
    copy_threshold: float = 0.8  # shingle containment that makes a copy

    def __post_init__(self) -> None:
        if not 0 <= self.name_weight + self.facet_weight <= 1 or self.window_days <= 0 or self.max_terms < 1:
            raise ConfigError("story tracker: weights must sum to at most 1, window and max_terms be positive")


def story_id_for(article_id: str) -> str:
    """A story's id: stable, from its first article's id."""
    return "s" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12]


def _days(published: str | None) -> float | None:
    """Days since the epoch of an ISO date or datetime (naive ones read as UTC), or None."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    offset = when.utcoffset()
    seconds = when.replace(tzinfo=None).timestamp() if offset is None else when.timestamp()
    return seconds / 86400.0


class _Space:
    """Sum centroids of one kind of vector, with an inverted index for scoring many at once."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.norm2: dict[int, float] = defaultdict(float)
        self.idf = Idf()

    def scores(self, vec: Vector) -> dict[int, float]:
        acc: dict[int, float] = defaultdict(float)
        for term, weight in vec.items():
            for story, value in self.postings.get(term, {}).items():
                acc[story] += weight * value
        return {s: v / math.sqrt(self.norm2[s]) for s, v in acc.items() if self.norm2[s] > 0}

    def add(self, story: int, vec: Vector, dot: float) -> None:
        """Add a unit vector to a story's centroid (``dot``: its product with the old sum)."""
        self.norm2[story] += 2.0 * dot + sum(w * w for w in vec.values())
        for term, weight in vec.items():
            post = self.postings[term]
            post[story] = post.get(story, 0.0) + weight

    def forget(self, story: int, terms: set[str]) -> None:
        for term in terms:
            post = self.postings.get(term)
            if post is not None:
                post.pop(story, None)
                if not post:
                    del self.postings[term]
        self.norm2.pop(story, None)


@dataclass
class _Story:
    id: str
    index: int
    first: float | None
    last: float | None
    members: list[str] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    memory: Memory = field(default_factory=Memory)


@dataclass(frozen=True)
class _Features:
    vectors: tuple[Vector, Vector, Vector]
    fingerprint: Fingerprint
    when: float | None


class StoryTracker:
    """Assigns articles to stories as they arrive (see the module doc). Not thread-safe: one per writer."""

    def __init__(self, params: TrackerParams | None = None) -> None:
        self.params = params or TrackerParams()
        self._spaces = (_Space(), _Space(), _Space())
        self._copies = CopyIndex(MinHasher(), threshold=self.params.copy_threshold)
        self._stories: dict[int, _Story] = {}
        self._by_id: dict[str, _Story] = {}
        self._article_story: dict[str, _Story] = {}
        self._latest: float | None = None

    def __len__(self) -> int:
        """Stories still active."""
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        story = self._article_story.get(article_id)
        return story.id if story else None

    # -- features ------------------------------------------------------------------------------
    def _features(self, article: Article) -> _Features:
        p = self.params
        raw = (article_terms(article, p.lead_chars, p.lead_weight), article_names(article), article_facets(article))
        vectors = []
        for space, counts in zip(self._spaces, raw, strict=True):
            space.idf.add(counts)
            vec = weighted(counts, space.idf)
            if len(vec) > p.max_terms:
                vec = weighted({t: counts[t] for t in sorted(vec, key=vec.__getitem__, reverse=True)[:p.max_terms]},
                               space.idf)
            vectors.append(vec)
        text = f"{article.title or ''}\n{article.text}"
        return _Features((vectors[0], vectors[1], vectors[2]), self._copies.hasher.fingerprint(text),
                         _days(article.published))

    def _scores(self, feats: _Features) -> dict[int, tuple[float, tuple[float, float, float]]]:
        p = self.params
        weights = (1.0 - p.name_weight - p.facet_weight, p.name_weight, p.facet_weight)
        per_space = [space.scores(vec) for space, vec in zip(self._spaces, feats.vectors, strict=True)]
        out: dict[int, tuple[float, tuple[float, float, float]]] = {}
        for story in set().union(*per_space):
            cosines = (per_space[0].get(story, 0.0), per_space[1].get(story, 0.0), per_space[2].get(story, 0.0))
            out[story] = (sum(w * c for w, c in zip(weights, cosines, strict=True)), cosines)
        return out

    def _active(self, story: _Story, when: float | None) -> bool:
        return when is None or story.last is None or when - story.last <= self.params.window_days

    # -- assignment ----------------------------------------------------------------------------
    def assign(self, article: Article) -> Assignment:
        """Place one article: a copy, a member of the best story, or the start of a new story.

        An article seen before (a new version) stays in its story; only its new quotes and
        events become developments.
        """
        known = self._article_story.get(article.id)
        if known is not None:
            devs = developments(known.memory, article, known.id, first=False)
            return Assignment(article.id, known.id, "joined", None, devs, 1.0)
        feats = self._features(article)
        scored = {s: v for s, v in self._scores(feats).items() if self._active(self._stories[s], feats.when)}
        best = max(scored.items(), key=lambda kv: (kv[1][0], -kv[0]), default=None)
        extra = tuple(self._stories[best[0]].members) if best else ()
        copy = self._copies.find(feats.fingerprint, extra)
        if copy is not None and copy.original in self._article_story:
            story = self._article_story[copy.original]
            self._join(story, article, feats, copy.original, scored.get(story.index))
            remember(story.memory, article)
            return Assignment(article.id, story.id, "copy", copy.original, (), copy.similarity)
        if best is not None and best[1][0] >= self.params.threshold:
            story = self._stories[best[0]]
            self._join(story, article, feats, None, best[1])
            devs = developments(story.memory, article, story.id, first=False)
            return Assignment(article.id, story.id, "joined", None, devs, best[1][0])
        story = self._start(article, feats)
        return Assignment(article.id, story.id, "new", None, developments(story.memory, article, story.id, first=True))

    def observe(self, article: Article, story_id: str, role: str, copy_of: str | None) -> None:
        """Replay a stored assignment: learn from it exactly as :meth:`assign` did, deciding nothing."""
        if article.id in self._article_story:
            return
        feats = self._features(article)
        story = self._by_id.get(story_id)
        if story is None:
            story = self._start(article, feats, story_id)
            remember(story.memory, article)
            return
        scored = self._scores(feats).get(story.index) if role != "copy" else None
        self._join(story, article, feats, copy_of if role == "copy" else None, scored)
        remember(story.memory, article)

    def _start(self, article: Article, feats: _Features, story_id: str | None = None) -> _Story:
        index = len(self._by_id)
        story = _Story(story_id or story_id_for(article.id), index, feats.when, feats.when)
        self._stories[index] = story
        self._by_id[story.id] = story
        self._add(story, article, feats, None, None)
        return story

    def _join(self, story: _Story, article: Article, feats: _Features, copy_of: str | None,
              scored: tuple[float, tuple[float, float, float]] | None) -> None:
        self._add(story, article, feats, copy_of, scored)

    def _add(self, story: _Story, article: Article, feats: _Features, copy_of: str | None,
             scored: tuple[float, tuple[float, float, float]] | None) -> None:
        story.members.append(article.id)
        self._article_story[article.id] = story
        self._copies.add(article.id, feats.fingerprint, copy_of)
        if feats.when is not None:
            story.first = feats.when if story.first is None else min(story.first, feats.when)
            story.last = feats.when if story.last is None else max(story.last, feats.when)
            self._latest = feats.when if self._latest is None else max(self._latest, feats.when)
        if copy_of is not None:
            return  # a copy says nothing new about what the story is
        for i, (space, vec) in enumerate(zip(self._spaces, feats.vectors, strict=True)):
            dot = scored[1][i] * math.sqrt(space.norm2[story.index]) if scored and space.norm2[story.index] else 0.0
            space.add(story.index, vec, dot)
            story.terms.update(f"{i}{t}" for t in vec)
        self._expire()

    def _expire(self) -> None:
        """Forget the centroids of stories idle for longer than the window (memory stays bounded)."""
        if self._latest is None or len(self._stories) % 64:
            return
        for index, story in list(self._stories.items()):
            if story.last is not None and self._latest - story.last > self.params.window_days:
                for i, space in enumerate(self._spaces):
                    space.forget(index, {t[1:] for t in story.terms if t[0] == str(i)})
                del self._stories[index]
