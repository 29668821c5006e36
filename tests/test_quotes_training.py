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
