"""Long texts: how analysis time grows with one article's length, beside spaCy's own pipeline.

A text of N characters is made of the bundled demo articles, one after another, cut at N. newsdesk's
Analyzer (entities, quotes, events, places) and the full ``en_core_web_sm`` pipeline (every
component, the anchor: what the naive stack runs) analyse it in this one process, models loaded
first; each figure is the best of ``--repeat`` runs. The ratio column shows whether time grows in
step with length: a step that re-reads the whole document for each sentence, trigger or name grows
with its square, and a long text (a live blog, a report, a transcript) then takes minutes.

    python bench/long_text.py [--sizes 20000,100000,250000,490000] [--repeat 2] [--markdown]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEMO = Path(__file__).resolve().parent.parent / "newsdesk" / "demo"


def text_of(size: int) -> str:
    """``size`` characters of the demo articles, read in turn and repeated."""
    files = [*sorted((DEMO / "articles").iterdir()), DEMO / "cbs-kyiv-talks.txt"]
    pages = [f.read_text(encoding="utf-8", errors="replace") for f in files if f.is_file()]
    parts: list[str] = []
    total = 0
    while total < size:
        for page in pages:
            parts.append(page)
            total += len(page) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def best(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000,250000,490000", help="text lengths, characters")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    import spacy

    from newsdesk.types import Article
    from newsdesk.understand import MODEL, Analyzer

    analyzer = Analyzer()
    full = spacy.load(MODEL)
    full.max_length = 2_000_000
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        text = text_of(size)
        article = Article(id="long", title=None, text=text)
        ours = best(lambda a=article: analyzer(a), args.repeat)  # type: ignore[misc]
        anchor = best(lambda t=text: full(t), args.repeat)  # type: ignore[misc]
        rows.append((size, ours, anchor))
        print(f"{size:>9,} chars  newsdesk {ours:6.1f} s ({size / ours:>8,.0f} chars/s)  "
              f"en_core_web_sm full {anchor:6.1f} s ({size / anchor:>8,.0f} chars/s)", file=sys.stderr)
    if args.markdown:
        print("| characters | newsdesk s | chars/s | en_core_web_sm (all components) s | chars/s |")
        print("|---|---|---|---|---|")
        for size, ours, anchor in rows:
            print(f"| {size:,} | {ours:.1f} | {size / ours:,.0f} | {anchor:.1f} | {size / anchor:,.0f} |")


if __name__ == "__main__":
    main()
