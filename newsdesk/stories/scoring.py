"""The tracker's state and how an article is scored against the active stories: its vectors (TF-IDF
per space, IDF of the stream so far), the weighted cosines with every story sharing a feature, the
name-novelty penalty, and the tests behind the split at the second report and the late join."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import replace

from ..types import Article
from .centroids import _DenseSpace, _Space
from .features import ArticleFeatures, Dense, Idf, Vector, dot, featurize, weighted
from .neardup import CopyIndex
from .params import COMMON_AFTER, COMMON_SHARE, PEOPLE, RERANK, TrackerParams, _Joiner, _Story


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


class _Scoring:
    """The tracker's state, and the scores of an article with its stories (see :mod:`.tracker`)."""

    def __init__(self, params: TrackerParams | None = None, *, novelty: bool = True,
                 embedder: Callable[[Article], Dense] | None = None, stored: bool = False) -> None:
        """``novelty`` False: stories only, no developments (``newsdesk cluster`` needs none).
        ``embedder``: an article's unit sentence embedding (see :mod:`.embeddings`), used when
        ``params.embedding_weight`` is above 0. ``stored``: the articles are stored, and each call that
        may need an expired story's memory is given a ``read`` of them: expired stories drop their
        memory (see :mod:`.expiry`)."""
        self.params = params or TrackerParams()
        self.novelty = novelty
        self.stored = stored
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
        # articles a split took out of a story whose memory still holds what they said: that story's id
        self._lent: dict[str, list[str]] = {}

    def __len__(self) -> int:
        """Stories still active."""
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        story = self._article_story.get(article_id)
        return story.id if story else None

    def _vectors(self, feats: ArticleFeatures, count: bool = True) -> tuple[Vector, Vector, Vector]:
        """The article's unit TF-IDF vectors (IDF of the stream so far, this article included;
        ``count`` False: a new version of an article the IDF already counts)."""
        vectors = []
        for space, counts in zip(self._spaces, (feats.terms, feats.names, feats.facets), strict=True):
            if count:
                space.idf.add(counts)
            if space is self._spaces[2]:
                counts = _telling(counts, space.idf)
            vec = weighted(counts, space.idf, self.params.idf_power, self.params.max_terms)
            vectors.append(vec)
        if feats.people and vectors[1] and self.params.conflict:
            # the central people ride along in the names centroid as marks of weight 0: they decide
            # conflicts (see TrackerParams.conflict), not likeness (one boxer's two fights share him),
            # and a weight of 0 leaves every cosine and norm as it was (taking a member out drops the
            # story's marks, shared or not: after an editor's move or a split it conflicts less, never more)
            # (``PEOPLE`` alone marks that it has central people: a story's own mark says so at once)
            vectors[1] = {**vectors[1], PEOPLE: 0.0, **{PEOPLE + key: 0.0 for key in feats.people}}
        return vectors[0], vectors[1], vectors[2]

    def featurize(self, article: Article) -> ArticleFeatures:
        feats = featurize(article, self.params.lead_chars, self.params.lead_weight, people=self.params.conflict > 0)
        return replace(feats, embedding=self.embedder(article)) if self.embedder else feats

    def _scores(self, vectors: tuple[Vector, Vector, Vector], embedding: Dense | None = None,
                named: frozenset[str] = frozenset()) -> tuple[dict[int, float], list[dict[int, float]]]:
        """The weighted score of every story sharing a feature with the article, and the dot
        products behind it (per space, with the stories' unnormalised sums). ``named``: the
        article's :attr:`.features.ArticleFeatures.named` (a story naming none of them as central conflicts)."""
        p, weights = self.params, self._weights()
        searched = vectors
        if p.conflict and PEOPLE in vectors[1]:  # the marks weigh 0: only their postings' length to walk
            searched = (vectors[0], {t: w for t, w in vectors[1].items() if not t.startswith(PEOPLE)}, vectors[2])
        dots = [space.dots(vec) for space, vec in zip(self._spaces, searched, strict=True)]
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
        marks = [PEOPLE + key for key in named] if p.conflict else []
        novelty = p.name_novelty if vectors[1] else 0.0
        if novelty or marks:
            names = self._spaces[1]
            for story in heapq.nlargest(RERANK, total, key=total.__getitem__):
                if novelty:  # names the best stories never had speak against them
                    total[story] -= novelty * names.missing(vectors[1], story)
                if marks and self._conflicts(marks, story):  # and other people than theirs
                    total[story] -= p.conflict
        return total, dots

    def _conflicts(self, marks: list[str], story: int) -> bool:
        """Whether the story has central people and the article names none of them (``marks``: every person
        it names, when it is about someone it does not only quote): the same kind of event, happening to
        other people."""
        postings = self._spaces[1].postings
        return story in postings.get(PEOPLE, ()) and not any(story in postings.get(t, ()) for t in marks)

    def _active(self, story: _Story, when: float | None) -> bool:
        return when is None or story.last is None or when - story.last <= self.params.window_days

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
                a, b = story.index, other.index
                product = math.fsum([post.get(a, 0.0) * post.get(b, 0.0)
                                     for term in terms if (post := postings.get(term))])
                score += weight * product / (mine * theirs)
        return score

    def _weights(self) -> tuple[float, float, float]:
        """Weights of the words, names and facets cosines in a score."""
        p = self.params
        return 1.0 - p.name_weight - p.facet_weight - p.embedding_weight, p.name_weight, p.facet_weight
