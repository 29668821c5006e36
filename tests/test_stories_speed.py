"""The clustering step's fast paths (#6) give what the plain forms they replace gave."""

from __future__ import annotations

import heapq
import math
import random
import zlib

from newsdesk.stories.features import Idf, dot, weighted
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


def _plain_weighted(counts: dict[str, float], idf: Idf, power: float, limit: int) -> dict[str, float]:
    """Sublinear tf x idf ** power, scaled to unit length, then the strongest ``limit`` kept and scaled
    again: as the tracker computed an article's vector before the cut moved into weighted()."""
    def scaled(vec: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(w * w for w in vec.values()))
        return {t: w / norm for t, w in vec.items()} if norm else {}
    vec = scaled({t: (1.0 + math.log(n)) * idf.weight(t) ** power for t, n in counts.items() if n > 0})
    return scaled(dict(sorted(vec.items(), key=lambda kv: kv[1], reverse=True)[:limit])) if len(vec) > limit else vec


def test_weighted_keeps_the_strongest_terms_at_unit_length_as_the_plain_form() -> None:
    rng = random.Random(8)
    idf = Idf()
    vocabulary = [f"w{i}" for i in range(300)]
    for _ in range(30):
        idf.add(rng.sample(vocabulary, 60))
    for power in (1.0, 1.5):
        for size, limit in ((0, 5), (10, 80), (200, 80), (200, 1)):
            counts = {t: float(rng.randint(0, 4)) for t in rng.sample(vocabulary, size)}
            made, plain = weighted(counts, idf, power, limit), _plain_weighted(counts, idf, power, limit)
            assert made.keys() == plain.keys()
            assert all(math.isclose(made[t], plain[t], rel_tol=1e-12) for t in made)
            assert len(made) == min(limit, sum(1 for n in counts.values() if n > 0))
            assert not made or math.isclose(sum(w * w for w in made.values()), 1.0)
            assert dot(made, plain) == sum(w * plain.get(t, 0.0) for t, w in made.items())
    assert weighted({"a": 2.0, "b": 1.0}, None) == _plain_weighted({"a": 2.0, "b": 1.0}, Idf(), 1.0, 9) != {}
