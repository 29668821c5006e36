"""Expiry: what only an active story needs is forgotten once the story is idle for longer than the
window, so the tracker's state grows with the window, not with all time (#6); what a story needs
again comes back from the stored articles.

A story's novelty memory (the words of its quotes and events, :mod:`.novelty`) is most of what an
expired story holds. With ``stored`` (a tracker whose articles are in a store: a
:class:`~.service.StoryDesk`'s) an expired story drops it and keeps only how it was learnt
(``_Story.learnt``: its articles in the order learnt, and the steps of the stories folded into it);
a new version of one of its articles, or a copy joining it, learns it again from the articles as the
story log last has them (the caller's ``read``), step by step, so it is the memory the story had:
the same developments as a tracker that never forgot. A memory that the stored articles cannot
give back (a version that says other words came after the one it learnt) is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..errors import StoreError
from ..types import Article
from .features import featurize
from .novelty import Memory, absorb, developments, remember, said
from .params import Reader, Steps, _Story
from .records import Development
from .scoring import _Scoring

EXPIRE_EVERY = 64  # an expiry pass when the active stories are a multiple of this many (a pass looks at each)


class _Expiry(_Scoring):
    """Forgets what expired stories no longer need, and learns their memory again (see the module doc)."""

    def _expire(self, joined: _Story) -> None:
        """Forget what only an active story needs of stories idle for longer than the window: their
        centroids, members' vectors and fingerprints (a copy is looked for among active stories'
        members only), recent joiners (a split takes one out of an active story) and, ``stored``, the
        memory the stored articles give back (:meth:`_memory`), so the state grows with the window,
        not with all time (#6). What an editor's correction and a copy link need stays: the members,
        how the memory was learnt, the ids. ``joined``: the story an article just joined, which keeps
        its memory until the article is learnt (:meth:`_learnt`; an article dated long before the
        latest may join a story this expires)."""
        if self._latest is None or len(self._stories) % EXPIRE_EVERY:
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
                if story is not joined:
                    self._settle(story)

    def _settle(self, story: _Story) -> None:
        """An expired story (``stored``) drops the memory its steps give back."""
        if self.stored and story.learnt is not None and self._stories.get(story.index) is not story:
            story.memory = None

    def _memory(self, story: _Story, read: Reader | None) -> Memory:
        """The story's memory; an expired story's, dropped, learnt again over the articles ``read``
        gives (as the story log last has them: the versions it learnt)."""
        if story.memory is None:
            if story.learnt is None or read is None:  # (a stored tracker's caller passes read)
                raise StoreError(f"story {story.id}: its memory is dropped and no stored articles were given")
            story.memory = _relearn(story.learnt, read(list(dict.fromkeys(_ids(story.learnt)))))
        return story.memory

    def _know(self, story: _Story, article: Article, read: Reader | None = None) -> None:
        """The story learns an article's quotes and events (a copy's, a replayed one's), reporting none."""
        remember(self._memory(story, read), article)
        self._learnt(story, article.id)

    def _tell(self, story: _Story, article: Article, *, first: bool, read: Reader | None = None,
              ) -> tuple[Development, ...]:
        """The developments of an article joining (``first``: starting) the story, learnt as it goes."""
        devs = developments(self._memory(story, read), article, story.id, first=first)
        self._learnt(story, article.id)
        return devs

    def _learnt(self, story: _Story, article_id: str) -> None:
        if story.learnt is not None:
            story.learnt.append(article_id)
        self._settle(story)  # (a copy joining an expired story)

    def _version(self, story: _Story, article: Article, read: Reader | None) -> Memory:
        """The memory a new version of one of the story's articles is learnt into (on top of what the
        version before said), learnt again if dropped. The story log gives only the newest version:
        if it says what the one before said (:func:`.novelty.said`), the steps read it alike, else
        the memory is kept from now on, and so is that of each story a split took the article out
        of (``_lent``). The caller settles the story after learning it."""
        memory = self._memory(story, read)
        before = read([article.id]).get(article.id) if read is not None else None
        if before is not None and said(before) == said(article):
            if story.learnt is not None:
                story.learnt.append(article.id)
            return memory
        story.learnt = None
        for lender in filter(None, map(self._by_id.get, self._lent.pop(article.id, ()))):
            if lender.learnt is not None:  # a story a split took it out of: its steps read it no more
                self._memory(lender, read)
                lender.learnt = None
        return memory

    def _absorbed(self, keep: _Story, gone: _Story) -> None:
        """``keep`` learns all that ``gone`` knew (two stories found to be one); an expired one's
        memory, dropped (an editor's merge), is lost until the story is told again (it is, at once)."""
        if keep.memory is None or gone.memory is None:
            keep.memory = keep.learnt = None
            return
        absorb(keep.memory, gone.memory)
        if keep.learnt is not None and gone.learnt is not None:
            keep.learnt.append(gone.learnt)
        else:
            keep.learnt = None

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


def _ids(steps: Steps) -> Iterator[str]:
    for step in steps:
        if isinstance(step, str):
            yield step
        else:
            yield from _ids(step)


def _relearn(steps: Steps, articles: Mapping[str, Article]) -> Memory:
    """The memory ``steps`` made, made again: each article learnt in turn, each folded story's memory
    (made again the same way) taken in whole, as :func:`.novelty.absorb` took it."""
    memory = Memory()
    for step in steps:
        if isinstance(step, str):
            if step in articles:  # (one no longer stored is left out, as a correction's retelling leaves it)
                remember(memory, articles[step])
        else:
            absorb(memory, _relearn(step, articles))
    return memory
