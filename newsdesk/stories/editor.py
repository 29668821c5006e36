"""Editors' corrections (#6): an article moved (with its copies) into another story or a new one, two
stories merged; the stories changed are told again over their stored articles."""

from __future__ import annotations

import math
from collections.abc import Mapping
from operator import itemgetter

from ..errors import InputError
from ..types import Article
from .features import days
from .members import _Members
from .novelty import Memory, developments, remember
from .params import Reader, _Story, story_id_for
from .records import Correction, Development, RetoldStory, StoryEdit


class _Editor(_Members):
    """An editor's corrections of the tracker's stories (see the module doc)."""

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
        story.memory, story.learnt = memory, [a.id for _, _, a in keyed] if self.novelty else []
        self._settle(story)  # (told again, an expired story drops it again)
        dated = [w for w in (days(a.published) for a in told) if w is not None]
        if dated:
            story.first, story.last = min(dated), max(dated)
        title = None if first is None else first.title or first.text.strip().split("\n", 1)[0][:200]
        return RetoldStory(story.id, title, tuple(devs))
