"""The attribution tagger (newsdesk/understand/tagger.py): its decoding, and what it adds to the rules."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from test_understand_support import quotes_of

from newsdesk.errors import ConfigError
from newsdesk.understand import Analyzer
from newsdesk.understand.tagger import LABELS, Tagger

NO_CLASSIFIER = {"bias": 0.0, "weights": {}, "threshold": 1.01}


def tiny() -> Tagger:
    rng = np.random.default_rng(3)
    weights = {f"a{k}": [round(float(x), 3) for x in rng.normal(size=len(LABELS))] for k in range(6)}
    trans = [[round(float(x), 3) for x in row] for row in rng.normal(size=(len(LABELS), len(LABELS)))]
    return Tagger.from_json({"labels": list(LABELS), "weights": weights, "transitions": trans,
                             "spans": NO_CLASSIFIER})


def brute(tagger: Tagger, emit: np.ndarray) -> tuple[tuple[int, ...], dict[tuple[int, ...], float]]:
    n, k = emit.shape
    scores = {}
    for path in itertools.product(range(k), repeat=n):
        s = sum(emit[i, path[i]] for i in range(n)) + sum(tagger.transitions[path[i - 1], path[i]] for i in range(1, n))
        scores[path] = float(s)
    return max(scores, key=lambda p: scores[p]), scores


def test_viterbi_and_marginals_agree_with_enumeration() -> None:
    tagger = tiny()
    feats = [["a0", "a3"], ["a1", "unknown"], [], ["a2", "a4", "a5"]]
    emit = tagger.emissions(feats)
    assert emit.shape == (4, len(LABELS)) and not emit[2].any()
    best, scores = brute(tagger, emit)
    assert tagger.tag(emit) == [LABELS[k] for k in best]
    z = sum(math.exp(s) for s in scores.values())
    marg = tagger.marginals(emit)
    for i in range(len(feats)):
        for k in range(len(LABELS)):
            want = sum(math.exp(s) for p, s in scores.items() if p[i] == k) / z
            assert marg[i, k] == pytest.approx(want, abs=1e-9)


def test_sentences_tagged_together_are_tagged_as_alone() -> None:
    tagger = tiny()
    rng = np.random.default_rng(5)
    emits = [rng.normal(size=(n, len(LABELS))) for n in (7, 0, 1, 12, 3)]
    assert tagger.tag_many(emits) == [tagger.tag(e) if len(e) else [] for e in emits]


def test_a_bad_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Tagger.from_json({"labels": list(LABELS), "weights": {"a": [1.0]}, "transitions": [],
                          "spans": NO_CLASSIFIER})


def toy() -> Tagger:
    """A hand-made tagger: a verb's object is content, a past-tense verb its cue; every span is kept."""
    zero = [0.0] * len(LABELS)
    weights = {"b": [1.0, 0, 0, 0, 0], "gd=dobj": [0, 0, 3.0, 0, 0], "t=VBD": [0, 0, 0, 3.0, 0]}
    return Tagger.from_json({"labels": list(LABELS), "weights": weights, "transitions": [zero] * len(LABELS),
                             "spans": {"bias": 1.0, "weights": {}, "threshold": 0.5}})


def test_the_tagger_adds_a_quote_where_the_rules_found_none(eventless_analyzer: Analyzer) -> None:
    # "visit" makes no frame the rules keep (the sentence is parsed: "planned" is a cue word); the
    # toy tagger reads its object as content and its verb as the cue
    text = "Tomblin visited Mr. Clarke as planned.\n\nTomblin said the state would recover."
    eventless_analyzer.tagger = None
    rules = quotes_of(eventless_analyzer, text)
    assert [q.text for q in rules] == ["the state would recover"]
    eventless_analyzer.tagger = toy()
    try:
        quotes = quotes_of(eventless_analyzer, text)
    finally:
        eventless_analyzer.tagger = Tagger.load()
    added = [q for q in quotes if q not in rules]
    assert [(q.text, q.kind, q.cue) for q in added] == [("Mr. Clarke", "indirect", "visited")]
    assert added[0].speaker is not None and added[0].speaker.name == "Tomblin"
    assert set(rules) <= set(quotes)
