"""Near-duplicates: syndicated copies of one text, found by comparing sampled word shingles.

An article's word 3-grams are hashed with a stable hash (CRC-32 of each word, so results never
depend on the process) and a fixed quarter of the hash space is kept (modulo sampling): two
texts' samples estimate how much of one text's shingles the other holds (containment) without
keeping whole texts. A candidate counts as a copy when most of the shorter text's shingles are
in the other one: a syndicated copy that was trimmed, retitled or lightly edited is still a copy.
Candidates are the members of the stories an article resembles most (a copy always resembles
its original's story most), so no separate LSH index is needed. Copies link to the original
(the first article of a copy chain).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

_PRIME = (1 << 31) - 1
_MIX = 1_000_003
_SQUARE = _MIX * _MIX % _PRIME
SAMPLE = 4  # keep shingles whose hash is divisible by this


@dataclass(frozen=True)
class CopyMatch:
    """The article found to be copied (``match``), the original of its copy chain, and the
    estimated containment of the shorter shingle set in the longer one."""

    match: str
    original: str
    similarity: float


@dataclass(frozen=True)
class Fingerprint:
    """A text's sampled shingle hashes and how many shingles the text has in all."""

    sample: frozenset[int]
    size: int


@functools.lru_cache(maxsize=1 << 16)
def _crc(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def fingerprint(tokens: Sequence[str], shingle: int = 3) -> Fingerprint:
    """The fingerprint of a text given as its words (e.g. :func:`.features.words`)."""
    if shingle == 3 and len(tokens) >= 3:
        # the common case, on arrays: (h0·M² + h1·M + h2) mod P, as the general loop gives, with each
        # product reduced mod P first so that it fits 64 bits (h < 2**32, M² mod P < 2**31): the same
        # integers, a third of the time of Python's big-integer products (one of the article's features)
        hashes = np.fromiter(map(_crc, tokens), dtype=np.int64, count=len(tokens))
        grams = set((((hashes[:-2] * _SQUARE) % _PRIME + (hashes[1:-1] * _MIX) % _PRIME + hashes[2:])
                     % _PRIME).tolist())
    else:
        hashes_ = [_crc(t) for t in tokens] or [0]
        grams = shingle_hashes(hashes_, min(shingle, len(hashes_)))
    return Fingerprint(frozenset([g for g in grams if g % SAMPLE == 0]), len(grams))


def shingle_hashes(hashes: Sequence[int], k: int) -> set[int]:
    """The hash of every run of ``k`` word hashes: the general form of the shingle hash."""
    grams = set()
    for i in range(len(hashes) - k + 1):
        value = 0
        for h in hashes[i:i + k]:
            value = (value * _MIX + h) % _PRIME
        grams.add(value)
    return grams


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the other one (0 when a sample is empty)."""
    small = min(len(a.sample), len(b.sample))
    return len(a.sample & b.sample) / small if small else 0.0


class CopyIndex:
    """Fingerprints of the articles a copy may still be found of, and every article's copy link
    (its chain's original); finds the original of a copy among candidates.

    The tracker looks for copies only among active stories' members: the fingerprints of an expired
    story's members are forgotten (:meth:`forget`), and put back from the stored articles should an
    editor's correction make them candidates again (:meth:`restore`), so the fingerprints are the
    window's, not all ever seen (#6). The links stay: a story's members are told from their copies.
    """

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._prints: dict[str, Fingerprint] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def __contains__(self, article: object) -> bool:
        return article in self._prints

    def add(self, article: str, print_: Fingerprint, original: str | None = None) -> None:
        """Index a new ``article`` (a copy of ``original``, when it is one)."""
        if article not in self._original:
            self._prints[article] = print_
            self._original[article] = self._original.get(original, original) if original else article

    def original(self, article: str) -> str | None:
        """The original of an indexed article's copy chain (itself when it is no copy), or None."""
        return self._original.get(article)

    def refresh(self, article: str, print_: Fingerprint) -> None:
        """A new version of an article copies are looked for among: later copies are compared with it."""
        if article in self._prints:
            self._prints[article] = print_

    def promote(self, article: str, print_: Fingerprint) -> None:
        """An indexed copy is a copy no more (a new version of it adds a quote): it heads its own chain."""
        if article in self._original:
            self._original[article] = article
            self.refresh(article, print_)

    def forget(self, articles: Iterable[str]) -> None:
        """Drop the fingerprints of articles no copy is looked for among (an expired story's)."""
        for article in articles:
            self._prints.pop(article, None)

    def restore(self, article: str, print_: Fingerprint) -> None:
        """Put back a forgotten article's fingerprint (its story takes articles again)."""
        if article in self._original:
            self._prints.setdefault(article, print_)

    def find(self, print_: Fingerprint, candidates: Iterable[str]) -> CopyMatch | None:
        """The best candidate at or above the threshold (the earliest among equals), or None."""
        best: tuple[float, str] | None = None
        # containment() inline: this runs for every member of the likeliest stories, per article
        prints, threshold, sample = self._prints, self.threshold, print_.sample
        size = len(sample)
        for other in candidates:
            known = prints.get(other)
            if known is None:
                continue
            small = min(size, len(known.sample))
            sim = len(sample & known.sample) / small if small else 0.0
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, other)
        return None if best is None else CopyMatch(best[1], self._original[best[1]], best[0])
