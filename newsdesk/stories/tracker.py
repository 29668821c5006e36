"""Online story clustering: each article joins the best matching active story, or starts one.

An article is compared with every story active in the time window through three sparse
vectors: its words (TF-IDF, title and lead counted again), its names (people, places,
organisations) and its facets (event types, event places, years). The score is a weighted sum
of the three cosines with the story's centroids; the best story at or above the threshold wins.
Optionally (``TrackerParams.embeddings``, off by default) a fourth term: the cosine of the
article's sentence embedding with the story's centroid of embeddings (see :mod:`.embeddings`).
A near-duplicate of an earlier article (see :mod:`.neardup`) joins that article's story as a
copy: no developments, and it leaves the centroids alone; one that adds a direct quote of its own
(with ``novelty`` on) joins that story as a member instead, its new quote a development. Two
active stories are one when an article joining one repeats a direct quote the other holds (with
``novelty`` on): the younger is folded into the older (``Assignment.merged``). Two kinds of later
correction: a story's recent weak joiner that the new article resembles far more than the story
leaves with it (the split at the second report, ``TrackerParams.split_gap``), and a story of one
or two articles that the story an article joins has grown to resemble is folded into it (the late
join, ``TrackerParams.late_join``).

Everything is deterministic and depends only on the order of the articles, so replaying the
logged assignments with their moves (:meth:`StoryTracker.replay`) restores the state that made
them, and re-clustering a corpus in the same order gives the same stories.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter

from ..errors import ConfigError, InputError
from ..types import Article
from .centroids import _DenseSpace, _Space
from .features import ArticleFeatures, Dense, Idf, Vector, days, dot, featurize, unit, weighted
from .neardup import CopyIndex
from .novelty import Memory, absorb, adds_a_quote, developments, opening, remember, shares_a_quote
from .records import Assignment, Correction, Development, RetoldStory, StoryEdit


@dataclass(frozen=True)
class TrackerParams:
    """Knobs of the tracker; the defaults are chosen by cross-validation on ECB+ (``bench/stories.py``)."""

    threshold: float = 0.15  # least score to join a story
    name_weight: float = 0.3  # weights of the names and facets cosines (words get the rest)
    facet_weight: float = 0.2
    idf_power: float = 1.0  # rare words weigh idf ** power
    name_novelty: float = 0.1  # penalty per unit of the article's name weight new to a story
    lead_chars: int = 400  # the lead counted again, besides the title
    lead_weight: float = 1.0
    max_terms: int = 80  # strongest words kept per article (speed; weak words rarely decide)
    window_days: float = 7.0  # a story takes new articles this long after its last one
    copy_threshold: float = 0.8  # shingle containment that makes a copy
    embeddings: str = "off"  # sentence embeddings: "off", "static" or "minilm" (see .embeddings)
    embedding_weight: float = 0.0  # weight of their cosine with the story's centroid
    # split at the second report (0 = off): an article much closer to one of a story's recent
    # joiners than to the story's other members takes that joiner out into a new story with it
    split_gap: float = 0.1  # least margin of the pair's similarity over the article's mean with the rest
    split_min: float = 0.3  # least similarity of the pair (weighted cosines, as a score)
    split_recent: int = 3  # the joiner is among the story's last this many
    split_join: float = 0.3  # and joined it with a score under this
    split_rest: float = 0.4  # and the article scores under this with the story's other members
    # late join (0 = off): when an article joins a story, a story of one or two articles among those
    # it resembles most is folded into it if the two stories' centroids now score at least this
    # (measured on ECB+: mean over stream orders 0.893 -> 0.900, file order 0.914 -> 0.912; docs/benchmarks.md)
    late_join: float = 0.4

    def __post_init__(self) -> None:
        weights = (self.name_weight, self.facet_weight, self.embedding_weight)
        if (min(weights) < 0 or sum(weights) > 1 or self.window_days <= 0 or self.max_terms < 1):
            raise ConfigError("story tracker: weights must sum to at most 1, window and max_terms be positive")
        if self.embeddings not in EMBEDDING_KINDS:
            raise ConfigError(f"story tracker: embeddings {self.embeddings!r} is none of {', '.join(EMBEDDING_KINDS)}")

    @classmethod
    def with_embeddings(cls, kind: str) -> TrackerParams:
        """The knobs for an embeddings setting (``off``, ``static``, ``minilm``): the embedding
        cosine at the weight, and the threshold, that cross-validation chose on ECB+ with it."""
        if kind == "off":
            return cls()
        threshold, weight = EMBEDDING_CHOICE.get(kind, (0.15, 0.0))  # an unknown kind: the check says so
        # measured without the split at the second report and the late join, so they stay off with them
        return cls(embeddings=kind, threshold=threshold, embedding_weight=weight, split_gap=0.0, late_join=0.0)


EMBEDDING_KINDS = ("off", "static", "minilm")
# chosen on all five ECB+ folds with each kind's vectors (bench/stories.py --embeddings; docs/benchmarks.md)
EMBEDDING_CHOICE: dict[str, tuple[float, float]] = {  # threshold, embedding weight
    "static": (0.25, 0.2),
    "minilm": (0.2, 0.1),
}


COMMON_SHARE, COMMON_AFTER = 0.8, 20  # facets in over 80 % of the articles (once there are 20) are left out
RERANK = 5  # the best stories checked for names they never had
LATE_SIZE = 2  # stories of at most this many articles (no copies) can be folded late (late_join)
COPY_STORIES = 3  # a copy is looked for among the members of the stories the article resembles most

Reader = Callable[[Sequence[str]], Mapping[str, Article]]  # stored articles by id (an editor's correction reads them)


def story_id_for(article_id: str) -> str:
    """A story's id: stable, from its first article's id."""
    return "s" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12]


def _telling(facets: Mapping[str, float], idf: Idf) -> Mapping[str, float]:
    """The facets but those in over COMMON_SHARE of the stream's articles (once it holds COMMON_AFTER): a
    facet nearly every article has (this year, where the text of each names it) tells nothing,
    yet alone in an article's facets it would make a cosine of 1 with any story's."""
    if idf.documents < COMMON_AFTER:
        return facets
    most = COMMON_SHARE * idf.documents
    freq = idf.frequency
    if all(freq[t] <= most for t in facets):
        return facets
    return {t: n for t, n in facets.items() if freq[t] <= most}


@dataclass
class _Story:
    id: str
    index: int
    first: float | None
    last: float | None
    members: list[str] = field(default_factory=list)
    terms: tuple[set[str], ...] = field(default_factory=lambda: (set(), set(), set()))  # per space
    memory: Memory = field(default_factory=Memory)
    size: int = 0  # members that are not copies (their vectors are in the centroids)
    recent: list[_Joiner] = field(default_factory=list)  # the last joiners (split_recent of them)
    vectors: dict[str, tuple[Vector, Vector, Vector]] = field(default_factory=dict)  # members' (not copies')
    edited: bool = False  # an editor moved articles in or out, or merged it: never folded late
    apart: set[str] = field(default_factory=set)  # stories an editor moved an article between (see _may_merge)


@dataclass(frozen=True)
class _Joiner:
    """A recent member of a story: its vectors, to take it out again (see ``TrackerParams.split_gap``),
    and (with novelty) what it said and its opening, which start the story a split makes of it."""

    article: str
    score: float
    vectors: tuple[Vector, Vector, Vector]
    when: float | None
    memory: Memory | None = None
    opening: Development | None = None


class StoryTracker:
    """Assigns articles to stories as they arrive (see the module doc). Not thread-safe: one per writer."""

    def __init__(self, params: TrackerParams | None = None, *, novelty: bool = True,
                 embedder: Callable[[Article], Dense] | None = None) -> None:
        """``novelty`` False: stories only, no developments (``newsdesk cluster`` needs none).
        ``embedder``: an article's unit sentence embedding (see :mod:`.embeddings`), used when
        ``params.embedding_weight`` is above 0."""
        self.params = params or TrackerParams()
        self.novelty = novelty
        if embedder is None and self.params.embeddings != "off" and self.params.embedding_weight:
            from .embeddings import embedder as make  # only now: "minilm" imports torch

            embedder = make(self.params.embeddings)
        self.embedder = embedder if self.params.embedding_weight else None
        self._spaces = (_Space(), _Space(), _Space())
        self._dense = _DenseSpace()
        self._copies = CopyIndex(self.params.copy_threshold)
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
    def _vectors(self, feats: ArticleFeatures, count: bool = True) -> tuple[Vector, Vector, Vector]:
        """The article's unit TF-IDF vectors (IDF of the stream so far, this article included;
        ``count`` False: a new version of an article the IDF already counts)."""
        vectors = []
        for space, counts in zip(self._spaces, (feats.terms, feats.names, feats.facets), strict=True):
            if count:
                space.idf.add(counts)
            if space is self._spaces[2]:
                counts = _telling(counts, space.idf)
            vec = weighted(counts, space.idf, self.params.idf_power)
            if len(vec) > self.params.max_terms:
                vec = unit(dict(heapq.nlargest(self.params.max_terms, vec.items(), key=itemgetter(1))))
            vectors.append(vec)
        return vectors[0], vectors[1], vectors[2]

    def featurize(self, article: Article) -> ArticleFeatures:
        feats = featurize(article, self.params.lead_chars, self.params.lead_weight)
        return replace(feats, embedding=self.embedder(article)) if self.embedder else feats

    def _scores(self, vectors: tuple[Vector, Vector, Vector],
                embedding: Dense | None = None) -> tuple[dict[int, float], list[dict[int, float]]]:
        """The weighted score of every story sharing a feature with the article, and the dot
        products behind it (per space, with the stories' unnormalised sums)."""
        p, weights = self.params, self._weights()
        dots = [space.dots(vec) for space, vec in zip(self._spaces, vectors, strict=True)]
        total: dict[int, float] = {}
        for weight, space, found in zip(weights, self._spaces, dots, strict=True):
            if not weight:
                continue
            get, norm = total.get, space.norm
            for story, product in found.items():
                total[story] = get(story, 0.0) + weight * product / norm[story]
        if p.embedding_weight and embedding is not None and total:
            candidates = list(total)
            for story, cos in zip(candidates, self._dense.cosines(embedding, candidates), strict=True):
                total[story] += p.embedding_weight * cos
        if p.name_novelty and vectors[1]:  # names the best stories never had speak against them
            names = self._spaces[1]
            for story in heapq.nlargest(RERANK, total, key=total.__getitem__):
                total[story] -= p.name_novelty * names.missing(vectors[1], story)
        return total, dots

    def _active(self, story: _Story, when: float | None) -> bool:
        return when is None or story.last is None or when - story.last <= self.params.window_days

    # -- assignment ----------------------------------------------------------------------------
    def assign(self, article: Article, features: ArticleFeatures | None = None) -> Assignment:
        """Place one article: a copy, a member of the best story, or the start of a new story.

        An article seen before (a new version) stays in its story; only its new quotes and
        events become developments. ``features``: the article's :func:`.features.featurize`
        result, when computed ahead (with this tracker's lead parameters).
        """
        known = self._article_story.get(article.id)
        if known is not None:
            feats = features or self.featurize(article)
            original = self._copies.original(article.id)
            if original is not None and original != article.id:  # a copy's new version: still a copy
                if not (self.novelty and adds_a_quote(known.memory, article)):
                    self._copies.refresh(article.id, feats.fingerprint)
                    if self.novelty:
                        remember(known.memory, article)
                    return Assignment(article.id, known.id, "copy", original, (), 1.0)
                self._promote(known, article, feats)  # unless it now adds a quote of its own
            else:
                self._refresh(known, article, feats)
            devs = developments(known.memory, article, known.id, first=False) if self.novelty else ()
            return Assignment(article.id, known.id, "joined", None, devs, 1.0)
        feats = features or self.featurize(article)
        vectors = self._vectors(feats)
        total, dots = self._scores(vectors, feats.embedding)
        scored = {s: v for s, v in total.items() if self._active(self._stories[s], feats.when)}
        likely = heapq.nsmallest(COPY_STORIES, scored, key=lambda s: (-scored[s], s))
        best = likely[0] if likely else None
        copy = self._copies.find(feats.fingerprint, (m for s in likely for m in self._stories[s].members))
        if copy is not None and copy.original in self._article_story:
            story = self._article_story[copy.original]
            if not (self.novelty and adds_a_quote(story.memory, article)):
                self._add(story, article, feats, None, copy.original, None)
                if self.novelty:
                    remember(story.memory, article)
                return Assignment(article.id, story.id, "copy", copy.original, (), copy.similarity)
            # a copy with a quote of its own: a member of the copied article's story, adding that quote
            score = scored.get(story.index, 0.0)
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, score, vectors, feats.when)
            return Assignment(article.id, story.id, "joined", None,
                              developments(story.memory, article, story.id, first=False), score)
        if self.params.split_gap and scored:
            pair = self._pair(vectors, dots, scored)
            if pair is not None:
                return self._split(article, feats, vectors, *pair)
        if best is not None and scored[best] >= self.params.threshold:
            story, merged = self._stories[best], []
            if self.novelty:  # another active story already holds a quote this article repeats: one story
                near = heapq.nlargest(RERANK, scored, key=scored.__getitem__)  # a merge needs some likeness too
                same = [best]
                for other in sorted(s for s in near if s != best and shares_a_quote(self._stories[s].memory, article)):
                    if all(self._may_merge(self._stories[s], self._stories[other]) for s in same):
                        same.append(other)
                same.sort()
                story = self._stories[same[0]]  # the oldest keeps its id
                for other in same[1:]:
                    merged.append(self._stories[other].id)
                    self._merge(story, self._stories[other])
                if merged:
                    dots = self._scores(vectors)[1]  # the products with the merged sums
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, scored[best], vectors, feats.when)
            late = self._late(story, scored, merged) if self.params.late_join else ()
            devs = developments(story.memory, article, story.id, first=False) if self.novelty else ()
            return Assignment(article.id, story.id, "joined", None, devs, scored[best], tuple(merged), late)
        story = self._start(article, feats, vectors)
        devs = developments(story.memory, article, story.id, first=True) if self.novelty else ()
        return Assignment(article.id, story.id, "new", None, devs)

    def _refresh(self, story: _Story, article: Article, feats: ArticleFeatures) -> None:
        """A new version of a member (an updated page, a live blog's next hour): its vectors in the
        story's centroids become the new version's, as a rebuild (which sees only the current
        version) has them; a copy's fingerprint becomes the new version's."""
        self._copies.refresh(article.id, feats.fingerprint)
        old = story.vectors.get(article.id)
        if old is None or self._stories.get(story.index) is not story:  # a copy, or a story let expire
            return
        vectors = self._vectors(feats, count=False)
        for i, (space, before, after) in enumerate(zip(self._spaces, old, vectors, strict=True)):
            space.replace(story.index, before, after)
            story.terms[i].update(after)
        story.vectors[article.id] = vectors
        if any(j.article == article.id for j in story.recent):
            memory, start = self._said(article)
            story.recent = [replace(j, vectors=vectors, memory=memory, opening=start) if j.article == article.id
                            else j for j in story.recent]
        if feats.when is not None:
            story.first = feats.when if story.first is None else min(story.first, feats.when)
            story.last = feats.when if story.last is None else max(story.last, feats.when)
            self._latest = feats.when if self._latest is None else max(self._latest, feats.when)

    def _promote(self, story: _Story, article: Article, feats: ArticleFeatures) -> None:
        """A copy's new version that adds a quote of its own: a member now, its vectors in the centroids."""
        self._copies.promote(article.id, feats.fingerprint)
        if self._stories.get(story.index) is not story:  # a story let expire keeps no centroids
            return
        vectors = self._vectors(feats, count=False)
        dots = [{story.index: space.member_dot(story.index, vec)} for space, vec in zip(self._spaces, vectors,
                                                                                      strict=True)]
        story.size += 1
        for i, (space, vec) in enumerate(zip(self._spaces, vectors, strict=True)):
            space.add(story.index, vec, dots[i][story.index])
            story.terms[i].update(vec)
        story.vectors[article.id] = vectors

    def _joined(self, story: _Story, article: Article, score: float, vectors: tuple[Vector, Vector, Vector],
                when: float | None) -> None:
        """Keep a joiner among the story's recent ones (what a split may take out again)."""
        if self.params.split_gap:
            story.recent.append(_Joiner(article.id, score, vectors, when, *self._said(article)))
            del story.recent[:-self.params.split_recent]

    def _said(self, article: Article) -> tuple[Memory | None, Development | None]:
        """What an article said on its own, and its opening (a story's first development), with novelty."""
        if not self.novelty:
            return None, None
        memory = Memory()
        remember(memory, article)
        return memory, opening(article, "")

    def _pair(self, vectors: tuple[Vector, Vector, Vector], dots: list[dict[int, float]],
              scored: dict[int, float]) -> tuple[_Story, _Joiner] | None:
        """A recent joiner of one of the best stories that the article resembles far more than
        it resembles the story's other members (see ``TrackerParams.split_gap``), if any."""
        p, weights = self.params, self._weights()
        found: tuple[float, _Story, _Joiner] | None = None
        for index in heapq.nsmallest(RERANK, scored, key=lambda s: (-scored[s], s)):
            story = self._stories[index]
            if story.size < 2:
                continue
            for joiner in story.recent:
                if joiner.score >= p.split_join:
                    continue
                pair = rest = 0.0
                for weight, vec, mine, found_dots in zip(weights, vectors, joiner.vectors, dots, strict=True):
                    if weight:
                        d = dot(vec, mine)
                        pair += weight * d
                        rest += weight * (found_dots.get(index, 0.0) - d)
                gap = pair - rest / (story.size - 1)
                if pair < p.split_min or gap < p.split_gap or (found is not None and gap <= found[0]):
                    continue
                if p.split_rest < 1.0 and \
                        self._rest_score(index, vectors, joiner.vectors, dots, weights) >= p.split_rest:
                    continue
                found = (gap, story, joiner)
        return None if found is None else (found[1], found[2])

    def _rest_score(self, index: int, vectors: tuple[Vector, Vector, Vector], member: tuple[Vector, Vector, Vector],
                    dots: list[dict[int, float]], weights: tuple[float, float, float]) -> float:
        """The article's score with a story's centroids as they would be without one member."""
        score = 0.0
        for weight, space, vec, mine, found_dots in zip(weights, self._spaces, vectors, member, dots, strict=True):
            if weight and vec:
                left = space.square_without(index, mine)
                if left > 1e-9:
                    score += weight * (found_dots.get(index, 0.0) - dot(vec, mine)) / math.sqrt(left)
        return score

    def _split(self, article: Article, feats: ArticleFeatures, vectors: tuple[Vector, Vector, Vector],
               old: _Story, joiner: _Joiner) -> Assignment:
        """Take ``joiner`` out of ``old`` into a new story, and make the article its second member."""
        index = len(self._by_id)
        story = _Story(story_id_for(joiner.article), index, joiner.when, joiner.when, size=1)
        self._stories[index] = story
        self._by_id[story.id] = story
        for i, (space, vec) in enumerate(zip(self._spaces, joiner.vectors, strict=True)):
            space.remove(old.index, vec)
            space.add(index, vec, 0.0)
            story.terms[i].update(vec)
        old.members.remove(joiner.article)
        old.recent.remove(joiner)
        story.vectors[joiner.article] = old.vectors.pop(joiner.article, joiner.vectors)
        old.size -= 1
        # its copies go with it (a copy of the other city's strike report is no part of this one)
        copies = [m for m in old.members if self._copies.original(m) == joiner.article]
        for member in (joiner.article, *copies):
            if member != joiner.article:
                old.members.remove(member)
            story.members.append(member)
            self._article_story[member] = story
        pair = [dot(a, b) for a, b in zip(vectors, joiner.vectors, strict=True)]
        self._add(story, article, feats, vectors, None, [{index: d} for d in pair])
        score = sum(w * d for w, d in zip(self._weights(), pair, strict=True))
        self._joined(story, article, score, vectors, feats.when)
        devs: tuple[Development, ...] = ()
        if self.novelty:  # the story starts with the joiner: its opening, and what it said is known
            if joiner.memory is not None:
                absorb(story.memory, joiner.memory)
            start = (replace(joiner.opening, story_id=story.id),) if joiner.opening is not None else ()
            devs = (*start, *developments(story.memory, article, story.id, first=not start))
        return Assignment(article.id, story.id, "joined", None, devs, score, moved=(joiner.article, *copies))

    def _late(self, story: _Story, scored: dict[int, float], merged: list[str]) -> tuple[str, ...]:
        """Fold into ``story`` (just joined) each small story (``LATE_SIZE``), among those the
        article scored best, whose centroids now score at least ``late_join`` with its own: reports
        that came before the story had grown enough to take them, or that a split left behind.
        Their articles are moved (``Assignment.moved``) and their story is folded in (``merged``;
        ``story`` keeps its id). Returns the moved articles."""
        moved: list[str] = []
        for index in heapq.nsmallest(RERANK, scored, key=lambda s: (-scored[s], s)):
            small = self._stories.get(index)
            if small is None or small is story or not 0 < small.size <= LATE_SIZE or \
                    len(small.members) != small.size or not self._may_merge(story, small, late=True):
                continue  # copies in it: more than it looks
            if self._centroids_score(story, small) >= self.params.late_join:
                moved.extend(small.members)
                merged.append(small.id)
                self._merge(story, small)
        return tuple(moved)

    def _may_merge(self, story: _Story, other: _Story, late: bool = False) -> bool:
        """Whether the tracker may fold two stories into one on its own (a quote merge; ``late``: a
        late join of ``other``): never two an editor set apart, by moving an article from one to the
        other (or to a story merged into it since), whose merge would undo the correction; and, late,
        never a story an editor touched. An editor's merge may (:meth:`merge`); a replay folds
        what the log holds (the tracker that logged it asked here)."""
        if late and other.edited:
            return False
        by_id = self._by_id
        return not (any(by_id.get(s) is other for s in story.apart) or any(by_id.get(s) is story for s in other.apart))

    def _centroids_score(self, story: _Story, other: _Story) -> float:
        """The weighted cosines of two stories' centroids (for a story of one article, that
        article's score with the other story, without the name-novelty penalty)."""
        score = 0.0
        for weight, space, terms in zip(self._weights(), self._spaces, other.terms, strict=True):
            mine, theirs = space.norm.get(story.index), space.norm.get(other.index)
            if weight and mine and theirs:
                postings = space.postings
                # fsum: exact whatever the order of the set (a checkpoint's copy of it iterates in its own)
                product = math.fsum(post.get(story.index, 0.0) * post.get(other.index, 0.0)
                                    for term in terms if (post := postings.get(term)))
                score += weight * product / (mine * theirs)
        return score

    def _weights(self) -> tuple[float, float, float]:
        """Weights of the words, names and facets cosines in a score."""
        p = self.params
        return 1.0 - p.name_weight - p.facet_weight - p.embedding_weight, p.name_weight, p.facet_weight

    def observe(self, article: Article, story_id: str, role: str, copy_of: str | None) -> None:
        """Replay a stored final row (an article's story as it ended, no moves): learn from it as
        :meth:`assign` would have, deciding nothing. Close to, not always equal to, the state
        assigning left (a split, merge or late join moved articles on the way); :meth:`replay` is exact."""
        if article.id in self._article_story:
            return
        feats = self.featurize(article)
        vectors = self._vectors(feats)
        story = self._live(story_id)
        if story is None:
            story = self._start(article, feats, vectors, story_id)
        elif role == "copy":
            self._add(story, article, feats, None, copy_of, None)
        else:
            total, dots = self._scores(vectors)
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, total.get(story.index, 0.0), vectors, feats.when)
        if self.novelty:
            remember(story.memory, article)

    def replay(self, article: Article, made: Assignment) -> None:
        """Replay a logged assignment step by step as :meth:`assign` made it, deciding nothing: the
        quote merges, the join (with the score it had), the late joins, or the split of ``made.moved``
        from the story it had joined. Replaying a stream's assignments in order leaves the state
        (centroids, recent joiners, merged stories, memory) as assigning the stream left it.
        Where the state lacks what a step names (a log begun after assignments only :meth:`observe`
        replayed), the article joins ``made.story_id``, or starts it, as there."""
        known = self._article_story.get(article.id)
        if known is not None:  # a new version: its vectors replace the old ones, its quotes and events are learnt
            original = self._copies.original(article.id)
            if original is not None and original != article.id and made.status != "copy":
                self._promote(known, article, self.featurize(article))  # a copy that added a quote
            else:
                self._refresh(known, article, self.featurize(article))
            if self.novelty:
                remember(known.memory, article)
            return
        feats = self.featurize(article)
        vectors = self._vectors(feats)
        if made.moved and not made.merged:  # the split at the second report (a late join merges too)
            old = self._article_story.get(made.moved[0])
            joiner = next((j for j in old.recent if j.article == made.moved[0]), None) if old else None
            if old is not None and joiner is not None:
                self._split(article, feats, vectors, old, joiner)  # learns the article's quotes and events
                return
        story = self._live(made.story_id)
        if story is None or made.status == "new":
            story = self._start(article, feats, vectors, made.story_id)
        elif made.status == "copy":
            self._add(story, article, feats, None, made.copy_of, None)
        else:  # joined: the quote merges came before the join, the late joins (their stories moved) after
            late = {self._article_story[m].id for m in made.moved if m in self._article_story}
            for gone in made.merged:
                if gone not in late:
                    self._fold(story, gone)
            dots = [space.dots(vec) for space, vec in zip(self._spaces, vectors, strict=True)]
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, made.score, vectors, feats.when)
            for gone in made.merged:
                if gone in late:
                    self._fold(story, gone)
        if self.novelty:
            remember(story.memory, article)

    def _live(self, story_id: str) -> _Story | None:
        """The active story a replayed row names (the one a merge folded it into), or None: a
        story this state let expire takes no members (its centroids are gone; scoring would meet
        an index with no story), so the row starts it again."""
        story = self._by_id.get(story_id)
        return story if story is not None and self._stories.get(story.index) is story else None

    def _fold(self, story: _Story, gone_id: str) -> None:
        """Replay a merge into ``story`` of the active story ``gone_id`` (none: nothing to fold)."""
        gone = self._by_id.get(gone_id)
        if gone is not None and gone is not story and self._stories.get(gone.index) is gone:
            self._merge(story, gone)

    def _merge(self, keep: _Story, gone: _Story) -> None:
        """Fold one story into another: its members, centroids, terms and memory (two stories found to be one)."""
        for i, space in enumerate(self._spaces):
            space.absorb(keep.index, gone.index, gone.terms[i])
            keep.terms[i].update(gone.terms[i])
        self._dense.absorb(keep.index, gone.index)
        keep.members.extend(gone.members)
        keep.size += gone.size
        keep.vectors.update(gone.vectors)
        gone.vectors = {}
        keep.recent = [*keep.recent, *gone.recent][-self.params.split_recent:] if self.params.split_gap else []
        for member in gone.members:
            self._article_story[member] = keep
        for when in (gone.first, gone.last):
            if when is not None:
                keep.first = when if keep.first is None else min(keep.first, when)
                keep.last = when if keep.last is None else max(keep.last, when)
        absorb(keep.memory, gone.memory)
        keep.edited = keep.edited or gone.edited
        keep.apart |= gone.apart  # (both sides may be folded into others: what each was kept from stays)
        self._stories.pop(gone.index, None)
        self._by_id[gone.id] = keep  # a replayed row naming the old id lands in the merged story

    # -- editors' corrections (#6) -------------------------------------------------------------
    def fresh_story_id(self, article_id: str) -> str:
        """The id of a story an editor starts with an article: :func:`story_id_for` it, unless a
        story has that id already (the article started the story it leaves)."""
        found, n = story_id_for(article_id), 0
        while found in self._by_id:
            n += 1
            found = story_id_for(f"{article_id}#{n}")
        return found

    def known_story(self, story_id: str) -> str | None:
        """The id of the story ``story_id`` names now (a merge folds ids into the kept one), or None."""
        story = self._by_id.get(story_id)
        return None if story is None else story.id

    def move(self, article_id: str, story_id: str, read: Reader) -> Correction:
        """An editor's move: the article and its copies leave their story for ``story_id`` (a story
        this tracker knows, or a new one of that id: see :meth:`fresh_story_id`). Its vectors leave
        the one centroid for the other, so a later article like it follows it; both stories are
        told again (:meth:`_retell`); a story it leaves empty points to where it went. A copy moves
        alone and is a copy no more: a member where it goes (its own story too), what it says new
        there developments.
        ``read``: the stored articles of the ids given (both stories' members)."""
        source = self._article_story.get(article_id)
        if source is None:
            raise InputError("the article is in no story", input=article_id)
        dest = self._by_id.get(story_id)
        copy = self._copies.original(article_id) not in (None, article_id)  # moved alone: a member where it goes
        if dest is source and not copy:  # (a copy "moved" to its own story is made a member of it)
            raise InputError(f"the article is in story {source.id} already", input=article_id)
        articles = read([*source.members, *(dest.members if dest is not None else ())])
        if article_id not in articles:
            raise InputError("the article is not stored", input=article_id)
        copies = self._copies.original
        moving = [article_id, *(m for m in source.members if m != article_id and copies(m) == article_id)]
        if dest is None and len(moving) == len(source.members):
            raise InputError(f"the article (with its copies) is all of story {source.id} already", input=article_id)
        feats = self.featurize(articles[article_id]) if self.embedder or copy else None
        if copy and feats is not None:
            self._copies.promote(article_id, feats.fingerprint)
        vectors = source.vectors.pop(article_id, None)
        if self._stories.get(source.index) is source and vectors is not None:
            for space, vec in zip(self._spaces, vectors, strict=True):
                space.remove(source.index, vec)
            if feats is not None and feats.embedding is not None:
                self._dense.remove(source.index, feats.embedding)
        for member in moving:
            source.members.remove(member)
        source.size -= 0 if copy else 1
        source.recent = [j for j in source.recent if j.article != article_id]
        new, anchor = dest is None, dest.members[0] if dest is not None and dest.members else None
        if dest is None:
            dest = _Story(story_id, len(self._by_id), None, None)
            self._stories[dest.index] = self._by_id[story_id] = dest
        dest.members.extend(moving)
        dest.size += 1
        for member in moving:
            self._article_story[member] = dest
        if self._stories.get(dest.index) is dest:  # a story let expire keeps no centroids
            feats = feats or self.featurize(articles[article_id])
            vectors = vectors or self._vectors(feats, count=False)
            for i, (space, vec) in enumerate(zip(self._spaces, vectors, strict=True)):
                space.add(dest.index, vec, space.member_dot(dest.index, vec))
                dest.terms[i].update(vec)
            dest.vectors[article_id] = vectors
            if feats.embedding is not None and self.params.embedding_weight:
                self._dense.add(dest.index, feats.embedding)
        self._candidates(dest, moving, articles)
        source.edited = dest.edited = True
        source.apart.add(dest.id)  # no quote merge or late join brings them together again
        dest.apart.add(source.id)
        emptied = None
        if not source.members:  # its one article left: the story is where that went
            emptied = source.id
            if self._stories.pop(source.index, None) is not None:
                for i, space in enumerate(self._spaces):
                    space.forget(source.index, source.terms[i])
                self._dense.forget(source.index)
            self._point(source, dest)
        told = tuple(self._retell(s, articles) for s in ((dest,) if dest is source else (dest, source)) if s.members)
        edit = StoryEdit("move", article_id, dest.id, source.id, tuple(moving), new, anchor=anchor)
        return Correction(edit, told, emptied)

    def merge(self, keep_id: str, gone_id: str, read: Reader) -> Correction:
        """An editor's merge: story ``gone_id`` is folded into ``keep_id`` as a quote merge folds
        them (members, centroids, memory), and the story is told again (:meth:`_retell`)."""
        keep, gone = self._by_id.get(keep_id), self._by_id.get(gone_id)
        for wanted, found in ((keep_id, keep), (gone_id, gone)):
            if found is None:
                raise InputError("no such story", input=wanted)
        assert keep is not None and gone is not None
        if keep is gone:
            raise InputError(f"{gone_id} is part of story {keep.id} already", input=gone_id)
        articles = read([*keep.members, *gone.members])
        live, gone_live = self._stories.get(keep.index) is keep, self._stories.get(gone.index) is gone
        if gone_live and not live:  # the kept story had expired: it goes on with the other one's centroids
            keep.size, keep.vectors, keep.terms = 0, {}, (set(), set(), set())
            self._stories[keep.index] = keep
        elif not gone_live:  # an expired story's vectors are in no centroid
            gone.size = 0
        moved, anchor = tuple(gone.members), keep.members[0] if keep.members else None
        self._merge(keep, gone)
        self._candidates(keep, keep.members, articles)
        self._point(gone, keep)
        keep.edited = True
        edit = StoryEdit("merge", moved[0], keep.id, gone.id, moved, anchor=anchor)
        return Correction(edit, (self._retell(keep, articles),), gone.id)

    def _point(self, old: _Story, new: _Story) -> None:
        """Every id naming ``old`` (its own, the stories merged into it) names ``new`` now."""
        for story_id, story in list(self._by_id.items()):
            if story is old:
                self._by_id[story_id] = new

    def _retell(self, story: _Story, articles: Mapping[str, Article]) -> RetoldStory:
        """Tell a story again over its articles in time order (an undated one after the one before
        it): its developments and memory become what each article adds to those before it, as if
        the editor's stories had been made so; its first and last times and its title (the earliest
        article's) follow."""
        told = [articles[m] for m in story.members if m in articles]
        keyed: list[tuple[float, int, Article]] = []
        last = -math.inf
        for i, article in enumerate(told):
            when = days(article.published)
            last = when if when is not None else last
            keyed.append((last, i, article))
        keyed.sort(key=itemgetter(0, 1))
        memory, first = Memory(), None
        devs: list[Development] = []
        for _, _, article in keyed:
            if self._copies.original(article.id) not in (None, article.id):
                if self.novelty:
                    remember(memory, article)
                continue
            if self.novelty:
                devs.extend(developments(memory, article, story.id, first=first is None))
            first = first or article
        story.memory = memory
        dated = [w for w in (days(a.published) for a in told) if w is not None]
        if dated:
            story.first, story.last = min(dated), max(dated)
        title = None if first is None else first.title or first.text.strip().split("\n", 1)[0][:200]
        return RetoldStory(story.id, title, tuple(devs))

    def _start(self, article: Article, feats: ArticleFeatures, vectors: tuple[Vector, Vector, Vector],
               story_id: str | None = None) -> _Story:
        index = len(self._by_id)
        story = _Story(story_id or story_id_for(article.id), index, feats.when, feats.when)
        self._stories[index] = story
        self._by_id[story.id] = story
        self._add(story, article, feats, vectors, None, None)
        return story

    def _add(self, story: _Story, article: Article, feats: ArticleFeatures,
             vectors: tuple[Vector, Vector, Vector] | None, copy_of: str | None,
             dots: list[dict[int, float]] | None) -> None:
        """Make the article a member (its vectors join the centroids) or a copy (``vectors`` None);
        ``dots``: the article's dot products with the stories' sums (see :meth:`_scores`)."""
        story.members.append(article.id)
        self._article_story[article.id] = story
        self._copies.add(article.id, feats.fingerprint, copy_of)
        if vectors is not None:
            story.size += 1
        if feats.when is not None:
            story.first = feats.when if story.first is None else min(story.first, feats.when)
            story.last = feats.when if story.last is None else max(story.last, feats.when)
            self._latest = feats.when if self._latest is None else max(self._latest, feats.when)
        if vectors is None:
            return  # a copy says nothing new about what the story is
        for i, (space, vec) in enumerate(zip(self._spaces, vectors, strict=True)):
            space.add(story.index, vec, dots[i].get(story.index, 0.0) if dots else 0.0)
            story.terms[i].update(vec)
        story.vectors[article.id] = vectors
        if feats.embedding is not None and self.params.embedding_weight:
            self._dense.add(story.index, feats.embedding)
        self._expire()

    def _expire(self) -> None:
        """Forget what only an active story needs of stories idle for longer than the window: their
        centroids, members' vectors and fingerprints (a copy is looked for among active stories'
        members only) and recent joiners (a split takes one out of an active story), so the state
        grows with the window, not with all time (#6). What a new version of a member, an editor's
        correction and a copy link need stays: the members, the memory, the ids."""
        if self._latest is None or len(self._stories) % 64:
            return
        for index, story in list(self._stories.items()):
            if story.last is not None and self._latest - story.last > self.params.window_days:
                for i, space in enumerate(self._spaces):
                    space.forget(index, story.terms[i])
                self._dense.forget(index)
                story.vectors, story.terms = {}, (set(), set(), set())  # (no posting holds it: a checkpoint need not)
                story.recent = []
                self._copies.forget(story.members)
                del self._stories[index]

    def _candidates(self, story: _Story, members: Sequence[str], articles: Mapping[str, Article]) -> None:
        """Members that an editor's correction put in ``story`` may be copied again if it is active:
        their fingerprints, forgotten when their story expired, come back from the stored articles
        (an expired story's are forgotten)."""
        if self._stories.get(story.index) is not story:
            self._copies.forget(members)
            return
        p = self.params
        for member in members:
            if member not in self._copies and member in articles:
                self._copies.restore(member, featurize(articles[member], p.lead_chars, p.lead_weight).fingerprint)
