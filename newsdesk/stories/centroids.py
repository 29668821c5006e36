"""The tracker's centroids: each story's sum of its members' unit vectors, per kind of vector.

:class:`_Space` keeps sparse sums (words, names, facets) in an inverted index, to score an article
against every story sharing a term at once; :class:`_DenseSpace` keeps sentence-embedding sums in
rows of one matrix. Members are added, taken out (a split, an editor's move) and whole sums folded
together (a merge) without recomputing from the members.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .features import Dense, Idf, Vector


class _Space:
    """Sum centroids of one kind of vector, with an inverted index for scoring many at once."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, float]] = {}
        self.norm: dict[int, float] = {}  # length of each story's sum vector
        self.idf = Idf()

    def dots(self, vec: Vector) -> dict[int, float]:
        """Dot products of a vector with every story's sum vector that shares a term with it."""
        # a plain dict with a membership test: ~10 % faster than += on a defaultdict (no float() made per
        # new story), and the same sums (a story's first product is its sum, as 0.0 + it is: no weight is
        # negative, so no -0.0; a mark of weight 0, as the names' central people, gives 0.0 either way)
        acc: dict[int, float] = {}
        postings = self.postings
        for term, weight in vec.items():
            post = postings.get(term)
            if post:
                for story, value in post.items():
                    if story in acc:
                        acc[story] += weight * value
                    else:
                        acc[story] = weight * value
        return acc

    def missing(self, vec: Vector, story: int) -> float:
        """Share of a unit vector's squared weight on terms the story has never had."""
        postings = self.postings
        return sum(w * w for t, w in vec.items() if story not in postings.get(t, ()))

    def add(self, story: int, vec: Vector, dot: float) -> None:
        """Add a unit vector to a story's sum (``dot``: its product with the old sum)."""
        if not vec:
            return
        old = self.norm.get(story, 0.0)
        self.norm[story] = math.sqrt(old * old + 2.0 * dot + 1.0)
        postings = self.postings
        for term, weight in vec.items():
            post = postings.get(term)
            if post is None:
                postings[term] = {story: weight}
            else:
                post[story] = post.get(story, 0.0) + weight

    def member_dot(self, story: int, vec: Vector) -> float:
        """Dot product of a vector with one story's sum vector."""
        postings = self.postings
        return sum(w * postings[t].get(story, 0.0) for t, w in vec.items() if t in postings)

    def square_without(self, story: int, vec: Vector) -> float:
        """The squared norm a story's sum would have without one member's unit vector."""
        norm = self.norm.get(story, 0.0)
        return norm * norm - 2.0 * self.member_dot(story, vec) + (1.0 if vec else 0.0)

    def remove(self, story: int, vec: Vector) -> None:
        """Take a unit vector out of a story's sum (a member moved to another story)."""
        if not vec:
            return
        self.norm[story] = math.sqrt(max(self.square_without(story, vec), 0.0)) or 1.0
        self._subtract(story, vec)

    def _subtract(self, story: int, vec: Vector) -> None:
        """Take a member's weights out of its story's postings (the norm is the caller's)."""
        postings = self.postings
        for term, weight in vec.items():
            post = postings.get(term)
            if post is not None and story in post:
                left = post[story] - weight
                if left > 1e-9:
                    post[story] = left
                else:  # no other member has the term
                    del post[story]

    def replace(self, story: int, before: Vector, after: Vector) -> None:
        """Put a member's new unit vector in its story's sum in place of its old one (a new version)."""
        square = self.square_without(story, before)
        self._subtract(story, before)
        postings = self.postings
        if after:
            square += 2.0 * self.member_dot(story, after) + 1.0
            for term, weight in after.items():
                post = postings.setdefault(term, {})
                post[story] = post.get(story, 0.0) + weight
        self.norm[story] = math.sqrt(square) if square > 1e-9 else 1.0

    def absorb(self, keep: int, gone: int, terms: set[str]) -> None:
        """Add story ``gone``'s sum vector to ``keep``'s (``terms``: gone's) and drop ``gone``."""
        postings = self.postings
        # fsum: exact whatever the order of the set (a checkpoint's copy of it iterates in its own)
        dot = math.fsum(post.get(keep, 0.0) * post.get(gone, 0.0) for t in terms if (post := postings.get(t)))
        a, b = self.norm.get(keep, 0.0), self.norm.get(gone, 0.0)
        for term in terms:
            post = postings.get(term)
            if post is not None and gone in post:
                post[keep] = post.get(keep, 0.0) + post.pop(gone)
        self.norm[keep] = math.sqrt(max(a * a + b * b + 2.0 * dot, 0.0))
        self.norm.pop(gone, None)

    def forget(self, story: int, terms: set[str]) -> None:
        for term in terms:
            post = self.postings.get(term)
            if post is not None:
                post.pop(story, None)
                if not post:
                    del self.postings[term]
        self.norm.pop(story, None)


class _DenseSpace:
    """Sum centroids of the stories' sentence embeddings, one row each (rows of expired stories reused)."""

    def __init__(self) -> None:
        self.sums: npt.NDArray[np.float64] = np.zeros((0, 0))
        self.norm: npt.NDArray[np.float64] = np.zeros(0)
        self.row: dict[int, int] = {}
        self.free: list[int] = []

    def cosines(self, vec: Dense, stories: list[int]) -> list[float]:
        """Cosine of a unit vector with each story's centroid (0 for a story without one)."""
        rows = [self.row.get(s, -1) for s in stories]
        known = [r for r in rows if r >= 0]
        if not known:
            return [0.0] * len(stories)
        found = iter((self.sums[known] @ vec / self.norm[known]).tolist())
        return [next(found) if r >= 0 else 0.0 for r in rows]

    def add(self, story: int, vec: Dense) -> None:
        row = self.row.get(story)
        if row is None:
            if not self.free:  # double the rows
                n = len(self.norm)
                grow = max(64, n)
                more = np.zeros((grow, vec.shape[0]))
                self.sums = np.vstack([self.sums, more]) if n else more
                self.norm = np.concatenate([self.norm, np.ones(grow)])
                self.free = list(range(n + grow - 1, n - 1, -1))
            row = self.row[story] = self.free.pop()
        self.sums[row] += vec
        self.norm[row] = float(np.linalg.norm(self.sums[row])) or 1.0

    def remove(self, story: int, vec: Dense) -> None:
        """Take a member's unit vector out of its story's sum (an editor moved it)."""
        row = self.row.get(story)
        if row is not None:
            self.sums[row] -= vec
            self.norm[row] = float(np.linalg.norm(self.sums[row])) or 1.0

    def absorb(self, keep: int, gone: int) -> None:
        """Add story ``gone``'s embedding sum to ``keep``'s and free its row."""
        row = self.row.get(gone)
        if row is None:
            return
        if keep not in self.row:
            self.row[keep], self.norm[row] = row, self.norm[row]
            del self.row[gone]
            return
        mine = self.row[keep]
        self.sums[mine] += self.sums[row]
        self.norm[mine] = float(np.linalg.norm(self.sums[mine])) or 1.0
        self.forget(gone)

    def forget(self, story: int) -> None:
        row = self.row.pop(story, None)
        if row is not None:
            self.sums[row] = 0.0
            self.free.append(row)
