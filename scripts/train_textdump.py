#!/usr/bin/env python3
"""Train the plain-text dump extractor's model (newsdesk/extract/models/textdump.json).

Data: ../shared/bench/extraction (text dumps, the human-marked article bodies, and the pages' HTML,
used only to label which dump line is the headline). Lines are labelled body when most of their
4-token shingles occur in the gold article body (the benchmark's own unit).

Three models, exported as plain numbers (pure-Python inference, no model download):
  line     pass 1, a logistic regression on each line's own and its neighbours' shape features;
  context  pass 2, stacked: boosted trees (sklearn's HistGradientBoosting, 200 trees of depth 4)
           on the pass-1 features, the pass-1 scores around the line and its share of chrome
           words (a lexicon learned here from the training pages' chrome lines), trained on
           out-of-fold pass-1 scores so that it sees the scores it will see on unseen pages;
           optionally smoothed into body/chrome runs (two-state Viterbi, --switch-cost) or
           followed by more stacked passes over its own out-of-fold scores (--passes 3);
  title    a logistic regression: which short line near the body's start is the headline.
The body mask the title model trains on is the extractor's own: threshold, then (--rules) the
page-structure rules (comment sections, related-links boxes, tables, the article's edges).
The defaults are the shipped settings, chosen by the cross-validation below (first split: linear
pass 2 0.901; trees 0.909; trees + smoothing 0.907; trees + chrome lexicon 0.923; + run, clock and
year features 0.924, mean of three splits 0.916 -> 0.919; + the page-structure rules of textrules.py
on the body mask, 0.937, mean 0.919 -> 0.932).

It first prints a k-fold cross-validation BY PAGE (each page scored by a model that never saw it,
with the official scorer) on --repeats fold splits and their mean (one split's F1 moves by about
0.01: judge a change by the mean), then trains the shipped model on all pages and writes it.

  .venv/bin/python scripts/train_textdump.py [--shared ../shared] [--folds 5] [--out PATH] [--no-write]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import html as lxml_html
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from newsdesk.extract.textdump import Model, Scored, body_mask, extract_scored, rescore, scorer_from_json
from newsdesk.extract.textfeatures import (
    CONTEXT_NAMES,
    LINE_NAMES,
    TITLE_NAMES,
    Line,
    analyse,
    context_features,
    line_features,
    title_candidates,
    title_features,
)

REPO = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")
SEED = 20220329


@dataclass
class Page:
    id: str
    gold: str
    lines: list[Line]
    language: str | None
    base: list[list[float]]
    labels: list[int]
    weights: list[float]
    titles: list[str]  # headline candidates from the page's HTML


def shingles(tokens: Sequence[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def label_lines(lines: Sequence[Line], gold: str) -> tuple[list[int], list[float]]:
    """Body labels (most shingles in the gold) and weights (shingle counts, each page summing to 1)."""
    gold_tokens = WORD.findall(gold)
    gold4 = set(shingles(gold_tokens))
    short = {tuple(gold_tokens[i:i + n]) for n in (1, 2, 3) for i in range(len(gold_tokens) - n + 1)}
    labels: list[int] = []
    for line in lines:
        tokens = WORD.findall(line.text)
        if len(tokens) >= 4:
            units = shingles(tokens)
            labels.append(int(sum(u in gold4 for u in units) >= 0.5 * len(units)))
        else:
            labels.append(-1 if tuple(tokens) in short else 0)  # decided by the neighbours below
    for i, value in enumerate(labels):
        if value == -1:
            near = [labels[k] for k in range(max(0, i - 2), min(len(labels), i + 3)) if k != i and labels[k] >= 0]
            labels[i] = int(any(v == 1 for v in near))
    sizes = [max(1, len(WORD.findall(line.text)) - 3) for line in lines]
    total = float(sum(sizes)) or 1.0
    return labels, [s / total for s in sizes]


def html_titles(path: Path) -> list[str]:
    """og:title, twitter:title, h1 and <title> (and its parts around site-name separators)."""
    if not path.exists():
        return []
    tree = lxml_html.fromstring(gzip.decompress(path.read_bytes()), parser=lxml_html.HTMLParser(encoding="utf-8"))
    found = [str(v) for v in tree.xpath("//meta[@property='og:title' or @name='twitter:title']/@content")]
    found += [h.text_content() for h in tree.xpath("//h1")]
    for title in tree.xpath("//title"):
        text = title.text_content()
        parts = re.split(r"\s[|–—:-]\s|\s[|]", text)
        found += [text, max(parts, key=len)]  # the headline without the site's name
    return [t.strip() for t in found if len(WORD.findall(t)) >= 2]


def token_f1(a: str, b: str) -> float:
    ta, tb = [t.lower() for t in WORD.findall(a)], [t.lower() for t in WORD.findall(b)]
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    return 2 * common / (len(ta) + len(tb))


def title_labels(page: Page, candidates: Sequence[int]) -> list[int]:
    """1 for the headline line (best HTML-title match, nearest the gold body's start), 0 others, -1 ignore."""
    sims = [max((token_f1(page.lines[i].text, t) for t in page.titles), default=0.0) for i in candidates]
    matches = [k for k, s in enumerate(sims) if s >= 0.8]
    if not matches:
        return [0 if s < 0.5 else -1 for s in sims]
    start = next((i for i, v in enumerate(page.labels) if v == 1), 0)
    best = min(matches, key=lambda k: (-round(sims[k], 2), abs(candidates[k] - start) + (candidates[k] > start) * 5))
    return [1 if k == best else (-1 if k in matches or sims[k] >= 0.5 else 0) for k in range(len(candidates))]


def load_pages(shared: Path) -> list[Page]:
    bench = shared / "bench" / "extraction"
    gold = json.loads((bench / "ground-truth.json").read_text())
    pages = []
    for path in sorted((bench / "textdump").glob("*.txt")):
        pid = path.stem
        lines, language = analyse(path.read_text(encoding="utf-8"))
        labels, weights = label_lines(lines, gold[pid]["articleBody"])
        pages.append(Page(pid, gold[pid]["articleBody"], lines, language, line_features(lines), labels, weights,
                          html_titles(bench / "html" / f"{pid}.html.gz")))
    return pages


def fit(rows: list[list[float]], labels: list[int], weights: list[float], names: Sequence[str],
        c: float) -> dict[str, Any]:
    """A standardised, L2-regularised logistic regression, exported with the scaling folded in."""
    scaler = StandardScaler().fit(rows)
    lr = LogisticRegression(C=c, solver="newton-cholesky", max_iter=200)
    lr.fit(scaler.transform(rows), labels, sample_weight=weights)
    scale = [s if s > 0 else 1.0 for s in scaler.scale_]
    coef = [float(w) / s for w, s in zip(lr.coef_[0], scale, strict=True)]
    bias = float(lr.intercept_[0]) - sum(w * float(m) for w, m in zip(coef, scaler.mean_, strict=True))
    return {"names": list(names), "weights": [round(w, 6) for w in coef], "bias": round(bias, 6)}


def fit_trees(rows: list[list[float]], labels: list[int], weights: list[float], names: Sequence[str],
              args: argparse.Namespace) -> dict[str, Any]:
    """Boosted trees (log loss), exported as flat node lists with the learning rate in the leaves."""
    gb = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth, learning_rate=args.rate,
                                        min_samples_leaf=args.leaf, l2_regularization=args.l2,
                                        early_stopping=False, random_state=SEED)
    gb.fit(rows, labels, sample_weight=weights)
    trees = []
    for (predictor,) in gb._predictors:
        nodes = predictor.nodes
        trees.append({
            "feature": [-1 if leaf else int(f) for f, leaf in zip(nodes["feature_idx"], nodes["is_leaf"], strict=True)],
            "threshold": [round(float(t), 6) for t in nodes["num_threshold"]],
            "left": [int(x) for x in nodes["left"]], "right": [int(x) for x in nodes["right"]],
            "value": [round(float(v), 6) for v in nodes["value"]],
        })
    return {"kind": "trees", "names": list(names), "base": float(gb._baseline_prediction.ravel()[0]),
            "trees": trees}


def fit_pass(rows: list[list[float]], labels: list[int], weights: list[float], names: Sequence[str],
             args: argparse.Namespace, learner: str) -> dict[str, Any]:
    if learner == "trees":
        return fit_trees(rows, labels, weights, names, args)
    return fit(rows, labels, weights, names, args.c)


def folds(ids: Sequence[int], k: int, seed: int) -> list[list[int]]:
    order = list(ids)
    random.Random(seed).shuffle(order)
    return [order[f::k] for f in range(k)]


def chrome_lexicon(pages: Sequence[Page], idx: Sequence[int], min_pages: int = 4,
                   max_body: float = 0.1) -> list[str]:
    """Words in the chrome lines of at least ``min_pages`` training pages and in body lines at most
    ``max_body`` of the time ("subscribe", "newsletter", "cookies"): a boilerplate lexicon."""
    chrome_pages: Counter[str] = Counter()
    body: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for p in idx:
        seen: set[str] = set()
        for line, label in zip(pages[p].lines, pages[p].labels, strict=True):
            words = {t.lower() for t in line.tokens if len(t) > 2 and not t.isdigit()}
            for w in words:
                total[w] += 1
                body[w] += label
            if not label:
                seen |= words
        chrome_pages.update(seen)
    return sorted(w for w, k in chrome_pages.items() if k >= min_pages and body[w] <= max_body * total[w])


def stacked_rows(pages: Sequence[Page], idx: Sequence[int], lexicon: frozenset[str],
                 first: dict[int, list[float]]) -> tuple[list[list[float]], list[int], list[float]]:
    rows: list[list[float]] = []
    labels: list[int] = []
    weights: list[float] = []
    for p in idx:
        page = pages[p]
        rows += context_features(page.lines, first[p], page.base, lexicon)
        labels += page.labels
        weights += [w * 1000 for w in page.weights]
    return rows, labels, weights


def line_rows(pages: Sequence[Page], idx: Sequence[int]) -> tuple[list[list[float]], list[int], list[float]]:
    rows: list[list[float]] = []
    labels: list[int] = []
    weights: list[float] = []
    for p in idx:
        rows += pages[p].base
        labels += pages[p].labels
        weights += [w * 1000 for w in pages[p].weights]
    return rows, labels, weights


def first_scores(line: dict[str, Any], page: Page) -> list[float]:
    model = Model.from_json(_stub(line, line, None))
    return [model.line.score(row) for row in page.base]


def _stub(line: dict[str, Any], context: dict[str, Any] | None, title: dict[str, Any] | None,
          threshold: float = 0.5, title_threshold: float = 0.0, switch_cost: float = 0.0,
          chrome_words: Sequence[str] = (), later: Sequence[dict[str, Any]] = (),
          rules: bool = False) -> dict[str, Any]:
    """A model document; missing parts get zero weights (used while the later parts are trained)."""
    def zero(names: Sequence[str]) -> dict[str, Any]:
        return {"names": list(names), "weights": [0.0] * len(names), "bias": 0.0}
    return {"format": 1, "line": line,
            "context": context if context and context["names"] == LINE_NAMES + CONTEXT_NAMES
            else zero(LINE_NAMES + CONTEXT_NAMES),
            "title": title or zero(TITLE_NAMES), "threshold": threshold, "title_threshold": title_threshold,
            "switch_cost": switch_cost, "chrome_words": list(chrome_words), "later": list(later), "rules": rules}


def train(pages: Sequence[Page], idx: Sequence[int], args: argparse.Namespace) -> dict[str, Any]:
    """The whole model from the pages ``idx``: pass 1, stacked pass 2 on out-of-fold pass-1 scores, title.

    One thread: the data are small, and OpenMP threads on a busy machine made the tree fits ~60x
    slower (2 s alone, 150 s beside other jobs)."""
    with threadpool_limits(1):
        return _train(pages, idx, args)


def _train(pages: Sequence[Page], idx: Sequence[int], args: argparse.Namespace) -> dict[str, Any]:
    line = fit_pass(*line_rows(pages, idx), LINE_NAMES, args, args.line_learner)
    oof: dict[int, list[float]] = {}
    for inner in folds(idx, args.inner_folds, SEED + 1):
        inner_set = set(inner)
        inner_line = fit_pass(*line_rows(pages, [p for p in idx if p not in inner_set]), LINE_NAMES, args,
                              args.line_learner)
        for p in inner:
            oof[p] = first_scores(inner_line, pages[p])
    lexicon = chrome_lexicon(pages, idx, args.chrome_pages, args.chrome_body) if args.chrome else []
    context = fit_pass(*stacked_rows(pages, idx, frozenset(lexicon), oof), LINE_NAMES + CONTEXT_NAMES, args,
                       args.context_learner)
    later: list[dict[str, Any]] = []
    for _ in range(args.passes - 2):
        oof = later_oof(pages, idx, oof, args)
        later.append(fit_pass(*stacked_rows(pages, idx, frozenset(lexicon), oof), LINE_NAMES + CONTEXT_NAMES,
                              args, args.context_learner))
    model = Model.from_json(_stub(line, context, None, args.threshold, 0.0, args.switch_cost, lexicon, later,
                                  args.rules))
    rows: list[list[float]] = []
    labels: list[int] = []
    for p in idx:
        page = pages[p]
        scored = rescore(page.lines, page.language, page.base, model)
        body = body_mask(scored, model)
        candidates = title_candidates(page.lines, body)
        feats = title_features(page.lines, body, scored.second, candidates)
        for row, label in zip(feats, title_labels(page, candidates), strict=True):
            if label >= 0:
                rows.append(row)
                labels.append(label)
    title = fit(rows, labels, [1.0] * len(rows), TITLE_NAMES, args.c)
    return _stub(line, context, title, args.threshold, args.title_threshold, args.switch_cost, lexicon, later,
                 args.rules)


def later_oof(pages: Sequence[Page], idx: Sequence[int], prev: dict[int, list[float]],
              args: argparse.Namespace) -> dict[int, list[float]]:
    """Out-of-fold scores of one more stacked pass over ``prev`` (its lexicon learned without the fold too),
    so that the next pass trains on the scores it will meet on unseen pages."""
    out: dict[int, list[float]] = {}
    for inner in folds(idx, args.inner_folds, SEED + 2):
        inner_set = set(inner)
        rest = [p for p in idx if p not in inner_set]
        lexicon = frozenset(chrome_lexicon(pages, rest, args.chrome_pages, args.chrome_body) if args.chrome else [])
        data = fit_pass(*stacked_rows(pages, rest, lexicon, prev), LINE_NAMES + CONTEXT_NAMES, args,
                        args.context_learner)
        scorer = scorer_from_json(data, LINE_NAMES + CONTEXT_NAMES)
        for p in inner:
            page = pages[p]
            out[p] = [scorer.score(row) for row in context_features(page.lines, prev[p], page.base, lexicon)]
    return out


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", shared / "bench" / "score_extraction.py")
    if spec is None or spec.loader is None:
        raise SystemExit("no scorer under ../shared/bench")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(pages: Sequence[Page], models: dict[int, Model], scorer: ModuleType) -> dict[str, float]:
    """The official score of each page's extraction by its model, and the headline hit rate."""
    pred: dict[str, str] = {}
    title_hits = title_pages = 0
    for p, page in enumerate(pages):
        model = models[p]
        scored: Scored = rescore(page.lines, page.language, page.base, model)
        found = extract_scored(scored, model)
        pred[page.id] = "\n\n".join(found.paragraphs)
        if page.titles and any(token_f1(x.text, t) >= 0.8 for x in page.lines for t in page.titles):
            title_pages += 1
            title_hits += bool(found.title) and any(token_f1(found.title or "", t) >= 0.8 for t in page.titles)
    result: dict[str, float] = scorer.score({pg.id: pg.gold for pg in pages}, pred)
    result["title"] = title_hits / max(1, title_pages)
    return result


def report(name: str, s: dict[str, float]) -> None:
    print(f"{name}: F1 {s['f1']:.3f}  P {s['precision']:.3f}  R {s['recall']:.3f}  "
          f"accuracy {s['accuracy']:.3f}  empty {s['empty']}  title {s['title']:.3f}")


def parser() -> argparse.ArgumentParser:
    """The options; their defaults are the shipped model's settings (chosen by the CV below)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner-folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3,
                    help="repeat the CV with other fold splits (one split's F1 moves by +-0.01)")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--line-learner", choices=["linear", "trees"], default="linear")
    ap.add_argument("--context-learner", choices=["linear", "trees"], default="trees")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--leaf", type=int, default=80)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--passes", type=int, default=2, help="stacked passes (3: one more over pass 2's scores)")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--switch-cost", type=float, default=0.0, help="Viterbi smoothing of line labels (0: off)")
    ap.add_argument("--title-threshold", type=float, default=0.05)
    ap.add_argument("--chrome", action=argparse.BooleanOptionalAction, default=True,
                    help="learn a chrome-word lexicon from the training dumps (a pass-2 feature)")
    ap.add_argument("--chrome-pages", type=int, default=4, help="a chrome word is in the chrome of this many pages")
    ap.add_argument("--chrome-body", type=float, default=0.1, help="... and in article lines at most this share")
    ap.add_argument("--rules", action=argparse.BooleanOptionalAction, default=True,
                    help="amend the body mask by the page-structure rules of textrules.py")
    ap.add_argument("--out", type=Path, default=REPO / "newsdesk" / "extract" / "models" / "textdump.json")
    ap.add_argument("--no-write", action="store_true")
    return ap


def cross_validate(pages: Sequence[Page], args: argparse.Namespace, scorer: ModuleType,
                   repeat: int = 0) -> dict[str, float]:
    """k-fold cross-validation by page: each page extracted by a model trained without it."""
    every = list(range(len(pages)))
    models: dict[int, Model] = {}
    for held in folds(every, args.folds, SEED + 100 * repeat):
        held_set = set(held)
        model = Model.from_json(train(pages, [p for p in every if p not in held_set], args))
        models.update({p: model for p in held})
    return evaluate(pages, models, scorer)


def main() -> int:
    args = parser().parse_args()
    scorer = load_scorer(args.shared)
    started = time.perf_counter()
    pages = load_pages(args.shared)
    print(f"{len(pages)} pages, {sum(len(p.lines) for p in pages)} lines ({time.perf_counter() - started:.1f}s)")
    runs = [cross_validate(pages, args, scorer, repeat) for repeat in range(args.repeats)]
    for repeat, result in enumerate(runs):
        report(f"{args.folds}-fold CV by page (split {repeat})", result)
    if len(runs) > 1:
        report(f"{args.folds}-fold CV by page, mean of {len(runs)} splits",
               {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]})
    every = list(range(len(pages)))
    final = train(pages, every, args)
    shipped = Model.from_json(final)
    report("all pages (training fit)", evaluate(pages, dict.fromkeys(every, shipped), scorer))
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(final, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
