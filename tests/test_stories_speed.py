"""The clustering step's fast paths (#6) give what the plain forms they replace gave."""

from __future__ import annotations

import heapq
import random
import zlib

from newsdesk.stories.members import best_stories
from newsdesk.stories.neardup import SAMPLE, fingerprint

_PRIME, _MIX = (1 << 31) - 1, 1_000_003


def _plain_fingerprint(tokens: list[str]) -> tuple[frozenset[int], int]:
    """The shingle hash in Python's big integers, as neardup computed it before the arrays."""
    hashes = [zlib.crc32(t.encode("utf-8")) for t in tokens] or [0]
    k = min(3, len(hashes))
    grams = set()
    for i in range(len(hashes) - k + 1):
        value = 0
        for h in hashes[i:i + k]:
            value = (value * _MIX + h) % _PRIME
        grams.add(value)
    return frozenset(g for g in grams if g % SAMPLE == 0), len(grams)


def test_fingerprint_on_arrays_is_the_big_integer_hash() -> None:
    rng = random.Random(6)
    vocabulary = [f"w{i}" for i in range(40)] + ["ümlaut", "o'brien", "2013", "a-b"]
    for size in (0, 1, 2, 3, 4, 50, 400):
        tokens = [rng.choice(vocabulary) for _ in range(size)]
        made = fingerprint(tokens)
        assert (made.sample, made.size) == _plain_fingerprint(tokens)
        assert all(type(g) is int for g in made.sample)  # plain ints (a checkpoint writes them as JSON)


def test_best_stories_ranks_as_nsmallest_with_the_older_first_among_equals() -> None:
    rng = random.Random(7)
    for _ in range(50):
        scored = {s: rng.choice([0.1, 0.2, 0.25, 0.5, rng.random()]) for s in rng.sample(range(100), 30)}
        for n in (1, 3, 5, 40):
            assert best_stories(scored, n) == heapq.nsmallest(n, scored, key=lambda s: (-scored[s], s))
    assert best_stories({}, 5) == []
