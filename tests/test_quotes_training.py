"""scripts/train_quotes.py's cue lexicon, counted from tagged verbs (what scripts/quotes_cv.py --fold-lexicon
learns on each fold's training articles)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train_quotes.py"


def _doc(cues: list[int]) -> dict[str, Any]:
    return {"id": "a", "text": "x" * 1000, "attributions": [{"cue": [[s, s + 5]], "content": [], "source": []}
                                                           for s in cues]}


def test_lexicon_of_counts_cues_against_all_occurrences() -> None:
    lexicon_of = runpy.run_path(str(SCRIPT))["lexicon_of"]
    # "claim" a cue 3 times of 4, "warn" only twice (under MIN_CUES), "make" 3 times of 40 (prior under MIN_PRIOR),
    # "hope" 3 times of 28 (in the lexicon, under the gate's prior 0.2)
    verbs = [(0, "claim", "claimed"), (10, "claim", "claims"), (20, "claim", "claimed"), (30, "claim", "claiming"),
             (40, "warn", "warned"), (50, "warn", "warned")]
    verbs += [(100 + 10 * k, "make", "made") for k in range(40)]
    verbs += [(600 + 10 * k, "hope", "hopes") for k in range(28)]
    got = lexicon_of([verbs], [_doc([0, 10, 30, 40, 50, 100, 110, 120, 600, 610, 620])])
    assert got["prior"]["claim"] == round(4 / 6, 4)
    assert got["prior"]["hope"] == round(4 / 30, 4)
    assert "warn" not in got["prior"] and "make" not in got["prior"]
    assert got["forms"]["claiming"] == "claim" and "warned" not in got["forms"]
    assert got["forms"]["said"] == "say" and got["prior"]["according to"] == 0.9  # always known
    assert "claims" in got["gate"] and "hopes" not in got["gate"] and "made" not in got["gate"]


def test_lexicon_of_reads_only_the_articles_given() -> None:
    lexicon_of = runpy.run_path(str(SCRIPT))["lexicon_of"]
    seen = [(0, "claim", "claimed"), (10, "claim", "claims"), (20, "claim", "claimed")]
    got = lexicon_of([seen, seen], [_doc([0, 10, 20]), _doc([])])
    assert got["prior"]["claim"] == round(4 / 8, 4)
    assert "claim" not in lexicon_of([seen], [_doc([])])["prior"]


def test_the_shipped_lexicon_names_each_cue_by_its_own_lemma() -> None:
    # the small model lemmatises "hoping" as "hop" and "scared" as "scar": one cue split in two, named wrongly
    from newsdesk.understand import Lexicon

    lexicon = Lexicon.load()
    assert {w: lexicon.lemma(w) for w in ("hope", "hopes", "hoped", "hoping", "retweeted")} == {
        "hope": "hope", "hopes": "hope", "hoped": "hope", "hoping": "hope", "retweeted": "retweet"}
    assert runpy.run_path(str(SCRIPT))["LEMMA_FIXES"]["hoping"] == "hope"


def _content_labels(text: str, cue: str, gold: str) -> dict[str, int]:
    """The content model's training labels at ``cue`` (gold content ``gold``): each decision's first label."""
    script = runpy.run_path(str(SCRIPT))
    from newsdesk.understand import Lexicon

    lexicon = Lexicon.load()
    start, at = text.index(cue), text.index(gold)
    doc = {"id": "a", "text": text, "attributions": [
        {"cue": [[start, start + len(cue)]], "content": [[at, at + len(gold)]], "source": [], "direct": False}]}
    found = script["analyses"](list(script["as_articles"]([doc])), lexicon, 1)
    rows, labels = script["content_rows"](found, [doc], lexicon)
    assert len(rows) == len(labels)
    sent = found[0].sentences[0]
    assert sent.parsed
    # a row names its decision's level and dependency ("top:dep=dobj": a child of the cue; "in:dep=prep": below it)
    out: dict[str, int] = {}
    for feats, label in zip(rows, labels, strict=True):
        out.setdefault(next(k for k in feats if k.startswith(("top:dep=", "in:dep=")) and "|" not in k), label)
    return out


def test_content_label_keeps_an_object_that_holds_the_gold_content() -> None:
    # "her decision in New York on Monday": 2 of its 6 words are the gold content, but all of the content is in it,
    # so the object stays and the decision to cut its "in" phrase is learned below it
    labels = _content_labels("Fiorina announced her decision in New York on Monday.", "announced", "her decision")
    assert labels["top:dep=dobj"] == 1
    assert labels["in:dep=prep"] == 0  # "in New York", seen only below a kept subtree
