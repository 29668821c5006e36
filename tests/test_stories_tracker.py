"""Story features and the near-duplicate fingerprint on small hand-made inputs (no Analyzer)."""

from __future__ import annotations

import random

from newsdesk.stories.features import featurize, words
from newsdesk.stories.neardup import SAMPLE, _crc, fingerprint, shingle_hashes
from newsdesk.types import Article


def test_the_title_and_the_lead_count_again_and_the_body_is_every_word() -> None:
    text = "Rebels shelled the harbour at dawn. " * 6 + "Later the mayor of the port spoke about ferries."
    article = Article(id="a", title="Harbour shelled", text=text)
    terms = featurize(article, lead_chars=72, lead_weight=1.0).terms
    assert {w: terms[w] for w in ("rebel", "harbour", "shelled", "mayor")} == {
        "rebel": 6 + 2,  # six in the body, two in the first 72 characters
        "harbour": 6 + 2 + 1,  # and once in the title
        "shelled": 6 + 2 + 1,
        "mayor": 1,  # past the lead
    }
    assert sum(v for k, v in featurize(article, lead_weight=0.0).terms.items()) == len(words(text))
    # a lead limit inside a word: the lead stops at the space before it, the body loses nothing
    cut = featurize(article, lead_chars=38, lead_weight=1.0).terms
    assert cut["rebel"] == 6 + 1 and cut["shelled"] == 6 + 1 + 1


def _reference(tokens: list[str], shingle: int = 3) -> tuple[frozenset[int], int]:
    """The shingle hash written as the general loop, which the fast path must equal."""
    hashes = [_crc(t) for t in tokens] or [0]
    grams = shingle_hashes(hashes, min(shingle, len(hashes)))
    return frozenset(g for g in grams if g % SAMPLE == 0), len(grams)


def test_fingerprint_fast_path_equals_the_general_shingle_hash() -> None:
    rnd = random.Random(7)
    for n in range(40):
        tokens = [rnd.choice(["war", "talks", "kyiv", "moscow", "troops", "peace"]) for _ in range(n)]
        print_ = fingerprint(tokens)
        assert (print_.sample, print_.size) == _reference(tokens)
    assert fingerprint(["a", "b"]).size == 1 and fingerprint([]).size == 1  # short texts: one gram
