"""The look-ups that keep analysis linear on long texts give what a scan of everything gives: the
Analysis's mentions by sentence and offset, and the quote module's span index."""

from __future__ import annotations

import random

from conftest import SHARED

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer
from newsdesk.understand.quotes import _Spans


def test_analysis_lookups_match_a_scan() -> None:
    text = (SHARED / "examples" / "cbs-kyiv-talks.txt").read_text(encoding="utf-8")
    [analysis] = Analyzer().analyze([Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text))])
    assert analysis.mentions
    for m in analysis.mentions:
        assert analysis.entity(m.entity).id == m.entity
    for sent in analysis.sentences:
        assert analysis.mentions_in(sent.index) == tuple(m for m in analysis.mentions if m.sentence == sent.index)
        for tok in sent.tokens:
            scan = next((m for m in analysis.mentions if m.sentence == sent.index and m.first <= tok.i <= m.last),
                        None)
            assert analysis.mention_at(sent.index, tok.i) == scan
    for offset in range(0, len(analysis.article.text) + 1, 97):
        assert list(analysis.mentions_before(offset)) == [m for m in analysis.mentions if m.start < offset][::-1]


def test_span_index_matches_a_scan() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 40)) for a in (rng.randint(0, 300) for _ in range(rng.randint(0, 12)))]
        index = _Spans(spans)
        for x in range(-5, 350):
            assert index.strictly_holds(x) == any(a < x < b for a, b in spans)
            lo, hi = x, x + rng.randint(0, 30)
            near = {index.spans[k] for k in index.near(lo, hi)}
            assert {s for s in spans if s[0] <= hi and s[1] >= lo} <= near
