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

import heapq

from ..types import Article
from .centroids import _DenseSpace
from .editor import _Editor
from .features import ArticleFeatures
from .members import best_stories
from .novelty import adds_a_quote, developments, remember, shares_a_quote
from .params import (
    COMMON_AFTER,
    COMMON_SHARE,
    COPY_STORIES,
    EMBEDDING_CHOICE,
    EMBEDDING_KINDS,
    LATE_SIZE,
    RERANK,
    Reader,
    TrackerParams,
    _Joiner,
    _Story,
    story_id_for,
)
from .records import Assignment

__all__ = ["COMMON_AFTER", "COMMON_SHARE", "COPY_STORIES", "EMBEDDING_CHOICE", "EMBEDDING_KINDS", "LATE_SIZE",
           "RERANK", "Reader", "StoryTracker", "TrackerParams", "_DenseSpace", "_Joiner", "_Story", "story_id_for"]


class StoryTracker(_Editor):
    """Assigns articles to stories as they arrive (see the module doc). Not thread-safe: one per writer.

    Made of layers, each a module: :mod:`.scoring` (the state, the scores), :mod:`.expiry` (what an
    idle story forgets), :mod:`.members` (the steps that place articles), :mod:`.editor` (editors'
    corrections), and here the decisions (:meth:`assign`) and their replay."""

    def assign(self, article: Article, features: ArticleFeatures | None = None,
               read: Reader | None = None) -> Assignment:
        """Place one article: a copy, a member of the best story, or the start of a new story.

        An article seen before (a new version) stays in its story; only its new quotes and
        events become developments. ``features``: the article's :func:`.features.featurize`
        result, when computed ahead (with this tracker's lead parameters). ``read``: the stored
        articles as the story log last has them, for a ``stored`` tracker (an expired story's
        memory is learnt again from them when a new version of one of its articles comes).
        """
        known = self._article_story.get(article.id)
        if known is not None:
            made = self._again(known, article, features or self.featurize(article), read)
            self._settle(known)  # (an expired story's memory, learnt again for it, is dropped again)
            return made
        feats = features or self.featurize(article)
        vectors = self._vectors(feats)
        total, dots = self._scores(vectors, feats.embedding, feats.named)
        # undated, every story is active: the scores as they are (only read from here on), no copy
        scored = total if feats.when is None else \
            {s: v for s, v in total.items() if self._active(self._stories[s], feats.when)}
        top = best_stories(scored, max(COPY_STORIES, RERANK))  # ranked once: copies and the late join read it
        likely = top[:COPY_STORIES]
        best = likely[0] if likely else None
        copy = self._copies.find(feats.fingerprint, (m for s in likely for m in self._stories[s].members))
        if copy is not None and copy.original in self._article_story:
            story = self._article_story[copy.original]
            if not (self.novelty and adds_a_quote(self._memory(story, read), article)):
                self._add(story, article, feats, None, copy.original, None)
                if self.novelty:
                    self._know(story, article, read)
                return Assignment(article.id, story.id, "copy", copy.original, (), copy.similarity)
            # a copy with a quote of its own: a member of the copied article's story, adding that quote
            score = scored.get(story.index, 0.0)
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, score, vectors, feats.when)
            return Assignment(article.id, story.id, "joined", None,
                              self._tell(story, article, first=False, read=read), score)
        if self.params.split_gap and scored:
            pair = self._pair(vectors, dots, scored)
            if pair is not None:
                return self._split(article, feats, vectors, *pair)
        if best is not None and scored[best] >= self.params.threshold:
            story, merged = self._stories[best], []
            if self.novelty:  # another active story already holds a quote this article repeats: one story
                near = heapq.nlargest(RERANK, scored, key=scored.__getitem__)  # a merge needs some likeness too
                same = [best]
                for other in sorted(s for s in near
                                    if s != best and shares_a_quote(self._memory(self._stories[s], read), article)):
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
            late = self._late(story, top[:RERANK], merged) if self.params.late_join else ()
            devs = self._tell(story, article, first=False, read=read) if self.novelty else ()
            return Assignment(article.id, story.id, "joined", None, devs, scored[best], tuple(merged), late)
        story = self._start(article, feats, vectors)
        devs = self._tell(story, article, first=True) if self.novelty else ()
        return Assignment(article.id, story.id, "new", None, devs)

    def _again(self, known: _Story, article: Article, feats: ArticleFeatures, read: Reader | None) -> Assignment:
        """A new version of an article: it stays in its story; only its new quotes and events are developments."""
        memory = self._version(known, article, read) if self.novelty else None
        original = self._copies.original(article.id)
        if original is not None and original != article.id:  # a copy's new version: still a copy
            if not (memory is not None and adds_a_quote(memory, article)):
                self._copies.refresh(article.id, feats.fingerprint)
                if memory is not None:
                    remember(memory, article)
                return Assignment(article.id, known.id, "copy", original, (), 1.0)
            self._promote(known, article, feats)  # unless it now adds a quote of its own
        else:
            self._refresh(known, article, feats)
        devs = developments(memory, article, known.id, first=False) if memory is not None else ()
        return Assignment(article.id, known.id, "joined", None, devs, 1.0)

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
            total, dots = self._scores(vectors, named=feats.named)
            self._add(story, article, feats, vectors, None, dots)
            self._joined(story, article, total.get(story.index, 0.0), vectors, feats.when)
        if self.novelty:
            self._know(story, article)

    def replay(self, article: Article, made: Assignment, read: Reader | None = None) -> None:
        """Replay a logged assignment step by step as :meth:`assign` made it, deciding nothing: the
        quote merges, the join (with the score it had), the late joins, or the split of ``made.moved``
        from the story it had joined. Replaying a stream's assignments in order leaves the state
        (centroids, recent joiners, merged stories, memory) as assigning the stream left it.
        Where the state lacks what a step names (a log begun after assignments only :meth:`observe`
        replayed), the article joins ``made.story_id``, or starts it, as there. ``read``: as for
        :meth:`assign`, the articles as the log had them before this row."""
        known = self._article_story.get(article.id)
        if known is not None:  # a new version: its vectors replace the old ones, its quotes and events are learnt
            original = self._copies.original(article.id)
            if original is not None and original != article.id and made.status != "copy":
                self._promote(known, article, self.featurize(article))  # a copy that added a quote
            else:
                self._refresh(known, article, self.featurize(article))
            if self.novelty:
                remember(self._version(known, article, read), article)
                self._settle(known)
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
            self._know(story, article, read)
