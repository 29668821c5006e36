"""How articles become members of stories: a story started, an article added (a member or a copy), a
new version refreshed, a recent joiner kept, the split at the second report, the late join, and two
stories folded into one; the steps :meth:`.tracker.StoryTracker.assign` and its replay share."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import replace

from ..types import Article
from .expiry import _Expiry
from .features import ArticleFeatures, Vector, dot
from .novelty import Memory, absorb, opening, remember
from .params import LATE_SIZE, _Joiner, _Story, story_id_for
from .records import Assignment, Development


def best_stories(scored: Mapping[int, float], n: int) -> list[int]:
    """The ``n`` best scored stories, best first, the older (lower index) first among equal scores.
    As ``heapq.nsmallest(n, scored, key=lambda s: (-scored[s], s))``, without a key call per story:
    the tuples compare in C (the ranking is made for each article over every story sharing a term)."""
    return [s for _, s in heapq.nsmallest(n, [(-v, s) for s, v in scored.items()])]


class _Members(_Expiry):
    """The steps that put articles in stories and take them out (see the module doc)."""

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
        self._expire(story)

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
                absorb(self._memory(story, None), joiner.memory)
                story.learnt = [[joiner.article]]
            for member in (joiner.article, *copies) if self.stored else ():  # the old story learnt them:
                self._lent.setdefault(member, []).append(old.id)  # a new version must tell it (.expiry)
            start = (replace(joiner.opening, story_id=story.id),) if joiner.opening is not None else ()
            devs = (*start, *self._tell(story, article, first=not start))
        return Assignment(article.id, story.id, "joined", None, devs, score, moved=(joiner.article, *copies))

    def _late(self, story: _Story, best: list[int], merged: list[str]) -> tuple[str, ...]:
        """Fold into ``story`` (just joined) each small story (``LATE_SIZE``), among those the
        article scored best (``best``: the RERANK best, :func:`best_stories`), whose centroids now
        score at least ``late_join`` with its own: reports that came before the story had grown
        enough to take them, or that a split left behind.
        Their articles are moved (``Assignment.moved``) and their story is folded in (``merged``;
        ``story`` keeps its id). Returns the moved articles."""
        moved: list[str] = []
        for index in best:
            small = self._stories.get(index)
            if small is None or small is story or not 0 < small.size <= LATE_SIZE or \
                    len(small.members) != small.size or not self._may_merge(story, small, late=True):
                continue  # copies in it: more than it looks
            if self._centroids_score(story, small) >= self.params.late_join:
                moved.extend(small.members)
                merged.append(small.id)
                self._merge(story, small)
        return tuple(moved)

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
        self._absorbed(keep, gone)
        keep.edited = keep.edited or gone.edited
        keep.apart |= gone.apart  # (both sides may be folded into others: what each was kept from stays)
        self._stories.pop(gone.index, None)
        self._by_id[gone.id] = keep  # a replayed row naming the old id lands in the merged story
