"""Quote attribution benchmark: newsdesk's Analyzer on PolNeAR beside the README's baselines.

Data: ../shared/bench/quotes (PolNeAR converted to JSON lines), scored with
../shared/bench/score_quotes.py for all attributions and for direct quotes only. Writes the
predictions to bench/results/quotes-<split>.jsonl and prints one table.

    python bench/quotes.py [--split dev] [--n-process 2] [--markdown]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, REPO, scorer
from newsdesk.types import Article, paragraph_spans, to_dict

DATA = BENCH / "quotes"
# The README's measurements on dev: content overlap F1, speaker accuracy, end-to-end F1.
BASELINES: dict[str, list[tuple[str, float, float | None, float | None]]] = {
    "direct": [("rule baseline (marks + speech verb next to a name)", 0.608, 0.449, 0.275),
               ("human agreement", 0.92, 0.97, None)],
    "all": [("rule baseline (marks + speech verb next to a name)", 0.276, 0.441, 0.123),
            ("human agreement", 0.79, None, None)],
}
ROW = re.compile(r"^(content, overlap|content, exact|end to end \(content \+ speaker\))"
                 r"\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)")
SPEAKER = re.compile(r"^speaker accuracy \(matched\)\s+([\d.]+)")


def score(gold: Path, pred: Path, direct: bool) -> dict[str, float]:
    buf = io.StringIO()
    argv = ["score_quotes.py", str(gold), str(pred)] + (["--direct-only"] if direct else [])
    with contextlib.redirect_stdout(buf):
        scorer("quotes").main(argv)
    out: dict[str, float] = {}
    for line in buf.getvalue().splitlines():
        if m := ROW.match(line):
            key = {"content, overlap": "overlap", "content, exact": "exact"}.get(m.group(1), "e2e")
            out[f"{key}_p"], out[f"{key}_r"], out[f"{key}_f1"] = (float(m.group(k)) for k in (2, 3, 4))
        elif m := SPEAKER.match(line):
            out["speaker"] = float(m.group(1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", help="dev (default) or train")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    gold = DATA / f"polnear-{args.split}.jsonl"
    if not gold.exists():
        raise SystemExit(f"benchmark data not found at {gold}")
    from newsdesk.understand import Analyzer

    docs = [json.loads(line) for line in gold.open(encoding="utf-8")]
    articles = [Article(id=str(d["id"]), title=None, text=d["text"], paragraphs=paragraph_spans(d["text"]))
                for d in docs]
    analyzer = Analyzer()
    began = time.perf_counter()
    results = list(analyzer.pipe(articles, n_process=args.n_process))
    seconds = time.perf_counter() - began
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    pred = out_dir / f"quotes-{args.split}.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for a in results:
            fh.write(json.dumps({"id": a.id, "quotes": to_dict(a.quotes)}, ensure_ascii=False) + "\n")
    rows = []
    for mode in ("direct", "all"):
        s = score(gold, pred, mode == "direct")
        detail = f"P {s.get('overlap_p', 0):.3f} R {s.get('overlap_r', 0):.3f} exact F1 {s.get('exact_f1', 0):.3f}"
        rows.append((mode, "newsdesk", s.get("overlap_f1"), s.get("speaker"), s.get("e2e_f1"), detail))
        rows.extend((mode, name, f1, spk, e2e, "") for name, f1, spk, e2e in BASELINES[mode])
    print(f"{len(articles)} articles in {seconds:.1f}s ({len(articles) / seconds:.1f}/s), "
          f"predictions in {pred.relative_to(REPO)}", file=sys.stderr)

    def cell(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    header = ("quotes", "system", "content F1", "speaker acc", "end-to-end F1", "detail")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {cell(r[2])} | {cell(r[3])} | {cell(r[4])} | {r[5]} |")
    else:
        print(f"{header[0]:7} {header[1]:52} {header[2]:>10} {header[3]:>11} {header[4]:>13}  {header[5]}")
        for r in rows:
            print(f"{r[0]:7} {r[1]:52} {cell(r[2]):>10} {cell(r[3]):>11} {cell(r[4]):>13}  {r[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
