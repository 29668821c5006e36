"""The parse gate's tooling: scripts/train_quotes.py --gate-only --gate-prior writes a lexicon copy with another
gate, and scripts/quotes_cv.py --lexicon cross-validates with it (issue #3: do attributions in the sentences the
gate skips pay for their parse?)."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
SHIPPED = SCRIPTS.parent / "newsdesk" / "understand" / "models" / "cues.json"


def _run(script: str, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(sys, "argv", [script, *argv])
    return runpy.run_path(str(SCRIPTS / script))["main"]()


def test_gate_only_writes_the_gate_of_the_given_prior(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "cues.json"
    copy.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped["prior"]["think"] < 0.2 and "think" not in shipped["gate"]
    assert _run("train_quotes.py", ["--gate-only", "--gate-prior", "0.12", "--out", str(copy)], monkeypatch) == 0
    wider = json.loads(copy.read_text(encoding="utf-8"))
    assert {"think", "thinks", "thought"} <= set(wider["gate"]) and set(shipped["gate"]) < set(wider["gate"])
    assert {k: v for k, v in wider.items() if k != "gate"} == {k: v for k, v in shipped.items() if k != "gate"}
    assert _run("train_quotes.py", ["--gate-only", "--out", str(copy)], monkeypatch) == 0
    assert json.loads(copy.read_text(encoding="utf-8"))["gate"] == shipped["gate"]  # the default: the shipped gate


def test_quotes_cv_reads_the_lexicon_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SCRIPTS.parent.parent / "shared" / "bench" / "quotes" / "polnear-train.jsonl").exists():
        pytest.skip("PolNeAR train not found in ../shared/bench/quotes")
    missing = tmp_path / "other-cues.json"
    with pytest.raises(FileNotFoundError, match=r"other-cues\.json"):
        _run("quotes_cv.py", ["--lexicon", str(missing), "--cache", str(tmp_path / "cache")], monkeypatch)
