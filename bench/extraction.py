"""Extraction benchmark: newsdesk beside trafilatura (and simple anchors) in one run.

Data: ../shared/bench/extraction (91 Zyte-benchmark pages as HTML and as Chromium text dumps),
scored with ../shared/bench/score_extraction.py. Prints F1, precision, recall, accuracy and
pages/second per system and format.

    python bench/extraction.py [--repeat 3] [--markdown]
"""

from __future__ import annotations

import argparse
import gzip
import html as htmllib
import json
import sys
import time
from collections.abc import Callable

import justext
import trafilatura

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from bench.common import BENCH, scorer
from newsdesk.errors import NewsdeskError
from newsdesk.extract import extract
from newsdesk.types import Fetched

DATA = BENCH / "extraction"


def ours(fmt: str) -> Callable[[str, str], str]:
    def run(key: str, content: str) -> str:
        try:
            return extract(Fetched(input=key, content=content), format=fmt).text
        except NewsdeskError:
            return ""
    return run


def trafilatura_default(key: str, content: str) -> str:
    return trafilatura.extract(content) or ""


def trafilatura_fast(key: str, content: str) -> str:
    return trafilatura.extract(content, fast=True) or ""


def whole_dump(key: str, content: str) -> str:
    return content


def trafilatura_on_lines(key: str, content: str) -> str:
    wrapped = "".join(f"<p>{htmllib.escape(line)}</p>" for line in content.splitlines() if line.strip())
    return trafilatura.extract(f"<html><body>{wrapped}</body></html>") or ""


def justext_on_lines(key: str, content: str) -> str:
    wrapped = "".join(f"<p>{htmllib.escape(line)}</p>" for line in content.splitlines() if line.strip())
    paragraphs = justext.justext(f"<html><body>{wrapped}</body></html>", justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def long_lines(key: str, content: str) -> str:
    return "\n\n".join(line for line in content.splitlines() if len(line.split()) >= 25)


def run_system(fn: Callable[[str, str], str], pages: dict[str, str], repeat: int) -> tuple[dict[str, str], float]:
    best = float("inf")
    preds: dict[str, str] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        preds = {key: fn(key, content) for key, content in pages.items()}
        best = min(best, time.perf_counter() - start)
    return preds, len(pages) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system; the fastest counts")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"benchmark data not found at {DATA}")
    score = scorer("extraction").score
    gold = {k: v["articleBody"] for k, v in json.loads((DATA / "ground-truth.json").read_text()).items()}
    html = {k: gzip.decompress((DATA / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in gold}
    dumps = {k: (DATA / "textdump" / f"{k}.txt").read_text(encoding="utf-8") for k in gold}
    systems: list[tuple[str, str, Callable[[str, str], str], dict[str, str]]] = [
        ("html", "newsdesk", ours("html"), html),
        ("html", "trafilatura 2.3.1 (default)", trafilatura_default, html),
        ("html", "trafilatura 2.3.1 (fast)", trafilatura_fast, html),
        ("text dump", "newsdesk", ours("text"), dumps),
        ("text dump", "whole dump", whole_dump, dumps),
        ("text dump", "trafilatura on <p>-wrapped lines", trafilatura_on_lines, dumps),
        ("text dump", "justext on lines", justext_on_lines, dumps),
        ("text dump", "lines of 25+ words", long_lines, dumps),
    ]
    rows = []
    for fmt, name, fn, pages in systems:
        preds, rate = run_system(fn, pages, args.repeat)
        s = score(gold, preds)
        rows.append((fmt, name, s["f1"], s["precision"], s["recall"], s["accuracy"], rate))
        print(f"  {fmt:9} {name:34} F1 {s['f1']:.3f}", file=sys.stderr)
    header = ("format", "system", "F1", "precision", "recall", "accuracy", "pages/s")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3f} | {r[6]:.0f} |")
    else:
        print(f"{header[0]:10} {header[1]:34} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'pages/s':>8}")
        for r in rows:
            print(f"{r[0]:10} {r[1]:34} {r[2]:6.3f} {r[3]:6.3f} {r[4]:6.3f} {r[5]:6.3f} {r[6]:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
