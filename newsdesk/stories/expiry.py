"""Expiry: what only an active story needs is forgotten once the story is idle for longer than the
window, so the tracker's state grows with the window, not with all time (#6); an editor's correction
that makes a story take articles again brings it back from the stored articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..types import Article
from .features import featurize
from .params import _Story
from .scoring import _Scoring


class _Expiry(_Scoring):
    """Forgets what expired stories no longer need (see the module doc)."""

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
