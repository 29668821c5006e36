"""Near-duplicates: syndicated copies of one text, found with MinHash and LSH banding.

An article's word shingles are hashed with a stable hash (CRC-32, so results never depend on
the process) and summarised by a MinHash signature; :class:`CopyIndex` buckets signatures by
bands, so finding candidates costs a few dictionary look-ups however many articles it holds.
A candidate counts as a copy when most of the shorter text's shingles are in the other one
(containment, estimated from the MinHash Jaccard estimate and the two set sizes): a syndicated
copy that was trimmed, retitled or lightly edited is still a copy. Copies link to the original
(the first article of a copy chain).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..errors import ConfigError

_PRIME = (1 << 31) - 1  # a·x + b stays under 2**63 for a, b < 2**31 and x < 2**32
_TOKEN = re.compile(r"\w+")
Signature = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class CopyMatch:
    """``article`` is a copy of ``original``; ``similarity`` the estimated containment of the
    shorter shingle set in the longer one."""

    article: str
    original: str
    similarity: float


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature and the number of its shingles."""

    signature: Signature
    size: int


class MinHasher:
    """MinHash signatures of texts' word shingles (``permutations`` = bands × rows)."""

    def __init__(self, *, permutations: int = 120, shingle: int = 3, seed: int = 1) -> None:
        if permutations < 1 or shingle < 1:
            raise ConfigError("MinHash permutations and shingle size must be at least 1")
        rng = np.random.default_rng(seed)
        self.shingle = shingle
        self._a = rng.integers(1, _PRIME, size=permutations, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=permutations, dtype=np.uint64)

    @property
    def permutations(self) -> int:
        return len(self._a)

    def shingles(self, text: str) -> npt.NDArray[np.uint64]:
        """Stable 32-bit hashes of the text's lowercased word ``shingle``-grams (the whole text if shorter)."""
        tokens = _TOKEN.findall(text.lower())
        k = min(self.shingle, len(tokens)) or 1
        grams = {" ".join(tokens[i:i + k]) for i in range(max(1, len(tokens) - k + 1))}
        return np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))

    def fingerprint(self, text: str) -> Fingerprint:
        hashes = self.shingles(text)
        values = (self._a[:, None] * hashes[None, :] + self._b[:, None]) % _PRIME
        return Fingerprint(values.min(axis=1), len(hashes))


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the other one."""
    j = jaccard(a.signature, b.signature)
    shared = j * (a.size + b.size) / (1.0 + j)
    return min(1.0, shared / max(1, min(a.size, b.size)))


class CopyIndex:
    """Fingerprints of the articles seen so far, bucketed by LSH bands; finds the original of a copy.

    With ``bands`` × ``rows`` = the hasher's permutations, pairs above about
    ``(1 / bands) ** (1 / rows)`` Jaccard similarity become candidates (40 × 3: about 0.3);
    ``threshold`` (containment) decides. Callers may add candidates of their own.
    """

    def __init__(self, hasher: MinHasher | None = None, *, bands: int = 40, threshold: float = 0.8) -> None:
        self.hasher = hasher or MinHasher()
        if bands < 1 or self.hasher.permutations % bands:
            raise ConfigError(f"LSH bands ({bands}) must divide the MinHash permutations "
                              f"({self.hasher.permutations})")
        self.bands = bands
        self.rows = self.hasher.permutations // bands
        self.threshold = threshold
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]
        self._prints: dict[str, Fingerprint] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def __contains__(self, article: object) -> bool:
        return article in self._prints

    def add(self, article: str, fingerprint: Fingerprint, original: str | None = None) -> None:
        """Index ``article`` (a copy of ``original``, when it is one)."""
        if article in self._prints:
            return
        self._prints[article] = fingerprint
        self._original[article] = self._original.get(original, original) if original else article
        for band, key in enumerate(self._keys(fingerprint.signature)):
            self._buckets[band].setdefault(key, []).append(article)

    def find(self, fingerprint: Fingerprint, extra: tuple[str, ...] = ()) -> CopyMatch | None:
        """The original of the best indexed article at or above the threshold (the earliest among
        equals), or None. ``extra``: more candidates to check (e.g. the likeliest story's members)."""
        candidates: dict[str, None] = dict.fromkeys(a for a in extra if a in self._prints)
        for band, key in enumerate(self._keys(fingerprint.signature)):
            for other in self._buckets[band].get(key, ()):
                candidates[other] = None
        best: tuple[float, str] | None = None
        for other in candidates:
            sim = containment(fingerprint, self._prints[other])
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, other)
        if best is None:
            return None
        return CopyMatch(best[1], self._original[best[1]], best[0])

    def _keys(self, signature: Signature) -> list[bytes]:
        return [signature[i * self.rows:(i + 1) * self.rows].tobytes() for i in range(self.bands)]
