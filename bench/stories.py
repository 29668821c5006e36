"""Story clustering benchmark: newsdesk's StoryTracker on ECB+ (dev half), read as a stream in file order.

Data: ../shared/bench/stories/ecbplus-dev.jsonl (772 articles, 33 topics, 66 stories: each topic
holds two real events of the same kind). Each article is analysed once by newsdesk's Analyzer
(entities, quotes, events), exactly as ``newsdesk cluster --input-jsonl`` does; the analyses are
cached under build/stories/ so that the clustering step is timed alone. Scored with
../shared/bench/score_stories.py (B-cubed and pairwise).

Rows: the full dev stream with the shipped defaults, and an honest estimate for unseen topics:
topics are split into 5 folds; for each fold, the parameters (threshold, name and facet weights,
name novelty penalty, the penalty for other central people (``conflict``), the split at the second report:
:data:`GRID` times :data:`SPLIT_GRID`) are chosen on the
other four folds (each clustered as its own stream: the setting whose mean with its grid neighbours is best,
:func:`smoothed`) and the held-out fold is clustered with them; the held-out
folds' B-cubed F1 is reported (mean over folds, and pooled), beside the same folds with the split held off.
Predictions are each article's story at the end of the stream (a split moves an earlier article).
Held-out folds hold 6–7 topics, about the size of the withheld test half (10 topics).

    python bench/stories.py [--markdown] [--no-cv] [--raw] [--pred PRED.jsonl] [--embeddings NAME] [--orders K]
                            [--late-join X] [--jobs N]

``--orders K`` also clusters each held-out fold, with the setting its training folds chose, in K − 1
shuffled orders besides the file order (seeded, the same every run), and reports the mean: ECB+ gives
no times, the file order is one pseudo-random interleaving, and a fold's score moves by a few points
with the order the first reports of its two events come in, so the file order alone is one draw.

``--late-join X`` sets the late join (``TrackerParams.late_join``, 0.4 by default, 0 = off) to X for every
run: the full stream, the speeds and each setting of the grid (it is not itself chosen in the folds).

``--raw`` skips the Analyzer (names from capitalised phrases, no events): faster, for quick looks.
``--embeddings NAME`` adds the sentence-embedding cosine as a fourth term (``embedding_weight``,
chosen in the folds with the rest: :data:`EMBEDDING_GRID`), from vectors cached in
build/stories/ecbplus-dev.NAME.npy: ``minilm-lead``, ``minilm-head``, ``minilm-chunks`` (made by
``scripts/story_embeddings.py bench`` in an environment with torch) or ``static`` (the shipped
static table, computed here).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, REPO, scorer
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.stories import StoryTracker, TrackerParams
from newsdesk.stories.features import ArticleFeatures, Dense, featurize
from newsdesk.types import Article, from_dict, to_json

T = TypeVar("T")
GOLD = BENCH / "stories" / "ecbplus-dev.jsonl"
CACHE = REPO / "build" / "stories" / "ecbplus-dev.analysed.jsonl"
FOLDS = 5
GRID = {
    "threshold": [round(0.15 + 0.025 * i, 3) for i in range(7)],
    "name_weight": [0.1, 0.2, 0.3],
    "facet_weight": [0.0, 0.1, 0.2],
    "name_novelty": [0.0, 0.1, 0.2],
    "conflict": [0.0, 0.1],
}
# the split at the second report (TrackerParams.split_gap), chosen with the rest: off, or on with
# these margins, join-score caps and rest-score caps (times GRID: 9 x 378 settings; --jobs N scores them in N processes)
SPLIT_GRID: list[dict[str, float]] = [{"split_gap": 0.0}] + [
    {"split_gap": gap, "split_join": join, "split_rest": rest}
    for gap in (0.1, 0.15) for join in (0.25, 0.3) for rest in (0.35, 0.4)]
# with embeddings: a coarser grid reaching higher thresholds (the cosine adds to every score), with
# the weight (320 settings: the 972 of GRID's steps times four weights took too long on 2 shared cores)
EMBEDDING_GRID = {
    "threshold": [0.15, 0.2, 0.25, 0.3, 0.35],
    "name_weight": [0.2, 0.3],
    "facet_weight": [0.1, 0.2],
    "name_novelty": [0.1, 0.2],
    "embedding_weight": [0.0, 0.1, 0.2, 0.3],
}


def load_gold() -> list[dict[str, Any]]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def articles(gold: list[dict[str, Any]], raw: bool, workers: int, cache: Path = CACHE) -> list[Article]:
    """The dev articles, analysed (from the cache, else analysed now and cached) or raw."""
    with GOLD.open(encoding="utf-8") as fh:
        plain = [o.article for o in read_jsonl_articles(fh) if o.article is not None]
    if raw:
        return plain
    if cache.exists():
        cached = [from_dict(Article, json.loads(line)) for line in cache.open(encoding="utf-8")]
        if [a.id for a in cached] == [g["id"] for g in gold]:
            return cached
    from newsdesk.understand import Analyzer

    print(f"analysing {len(plain)} articles once (cached in {cache})…", file=sys.stderr)
    done = list(Analyzer(n_process=workers).pipe(plain))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(to_json(a) + "\n" for a in done), encoding="utf-8")
    return done


def load_embeddings(name: str, stream: Sequence[Article]) -> dict[str, Dense]:
    """Unit sentence embeddings of the dev articles by id: cached model vectors, or the static table's."""
    if name == "static":
        from newsdesk.stories.embeddings import StaticEmbedder

        embed = StaticEmbedder()
        return {a.id: embed(a) for a in stream}
    path = CACHE.parent / f"ecbplus-dev.{name}.npy"
    if not path.exists():
        raise SystemExit(f"{path} missing: run scripts/story_embeddings.py bench (needs torch)")
    vectors = np.load(path)
    return {a.id: vectors[i] for i, a in enumerate(stream)}


def cluster(stream: Sequence[Article], params: TrackerParams,
            features: Sequence[ArticleFeatures] | None = None,
            embeddings: dict[str, Dense] | None = None) -> tuple[dict[str, str], float]:
    """Story per article id, and the CPU seconds the clustering step took (CPU time: this machine's
    cores are shared, and the step is single-threaded, so CPU time is what it costs). With
    ``features`` (computed ahead, as analysis workers can), only the serial assignment is timed.
    ``embeddings``: looked up by id (computed ahead; the model's own cost is reported apart)."""
    embedder = embeddings.__getitem__ if embeddings else None
    tracker = StoryTracker(params, novelty=False,  # as `newsdesk cluster`: stories, no developments
                           embedder=(lambda a: embedder(a.id)) if embedder else None)
    start = time.process_time()
    if features is None:
        for a in stream:
            tracker.assign(a)
    else:
        for a, f in zip(stream, features, strict=True):
            tracker.assign(a, f)
    spent = time.process_time() - start
    # each article's story at the end of the stream (a split moves an article after its assignment)
    return {a.id: tracker.story_of(a.id) or "" for a in stream}, spent


# The README's baseline rebuilt on our engine, for a same-run comparison: single-pass TF-IDF cosine
# of the words to story centroids, threshold 0.25, nothing else (no lead, names, facets, penalties, split,
# late join).
BASELINE = TrackerParams(threshold=0.25, name_weight=0.0, facet_weight=0.0, name_novelty=0.0, lead_weight=0.0,
                         max_terms=1_000_000, split_gap=0.0, late_join=0.0, conflict=0.0)


def best_rate(stream: Sequence[Article], ahead: bool, params: TrackerParams | None = None,
              embeddings: dict[str, Dense] | None = None) -> float:
    """Articles per CPU second, best of five runs (on a shared machine fewer let the noise decide);
    ``ahead``: features computed beforehand."""
    params = params or TrackerParams()
    feats = _features(stream, params, embeddings) if ahead else None
    return len(stream) / min(cluster(stream, params, feats, embeddings)[1] for _ in range(5))


def _features(stream: Sequence[Article], params: TrackerParams,
              embeddings: dict[str, Dense] | None) -> list[ArticleFeatures]:
    feats = [featurize(a, params.lead_chars, params.lead_weight) for a in stream]
    if embeddings:
        feats = [replace(f, embedding=embeddings[a.id]) for a, f in zip(stream, feats, strict=True)]
    return feats


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> float:
    """B-cubed F1 (as score_stories.py computes it), for the parameter search."""
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for k in gold:
        g_members[gold[k]].add(k)
        p_members[pred[k]].add(k)
    bp = br = 0.0
    for k in gold:
        same = len(g_members[gold[k]] & p_members[pred[k]])
        bp += same / len(p_members[pred[k]])
        br += same / len(g_members[gold[k]])
    bp, br = bp / len(gold), br / len(gold)
    return 2 * bp * br / (bp + br) if bp + br else 0.0


def official(pred: dict[str, str]) -> str:
    """score_stories.py's line for these predictions."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for k, story in pred.items():
            fh.write(json.dumps({"id": k, "story": story}) + "\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scorer("stories").main(["score", str(GOLD), fh.name])
    Path(fh.name).unlink()
    return out.getvalue().strip()


def shuffled(fold: Sequence[T], fold_index: int, orders: int) -> list[list[T]]:
    """The fold in ``orders`` − 1 seeded shuffled orders (the file order not among them)."""
    rng = random.Random(1000 + fold_index)
    out = []
    for _ in range(orders - 1):
        order = list(fold)
        rng.shuffle(order)
        out.append(order)
    return out


def cross_validate(stream: list[Article], gold: dict[str, str], topic: dict[str, int],
                   embeddings: dict[str, Dense] | None = None,
                   split_grid: Sequence[dict[str, float]] = tuple(SPLIT_GRID), orders: int = 1,
                   base: TrackerParams | None = None, jobs: int = 1) -> dict[str, Any]:
    """``base``: the knobs the grid leaves alone (default: the shipped ones); ``jobs``: processes that
    score the grid's settings (the same scores, sooner on more cores)."""
    topics = sorted(set(topic.values()))
    fold_of = {t: i % FOLDS for i, t in enumerate(topics)}
    folds = [[a for a in stream if fold_of[topic[a.id]] == f] for f in range(FOLDS)]
    grid = EMBEDDING_GRID if embeddings else GRID
    product = itertools.product(*grid.values())
    configs: list[dict[str, Any]] = [dict(zip(grid, values, strict=True)) for values in product]
    if not embeddings:
        configs = [{**config, **split} for split in split_grid for config in configs]
    base = base or TrackerParams()  # the grid leaves the lead alone, so features are computed once
    feats = [_features(fold, base, embeddings) for fold in folds]
    golds = [{a.id: gold[a.id] for a in fold} for fold in folds]
    params_of = [replace(base, **config) for config in configs]
    if jobs > 1:  # the settings split among forked workers (they inherit the folds and features)
        _SHARED[:] = [folds, feats, golds, params_of]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            table = dict(enumerate(pool.map(_setting_scores, range(len(configs)), chunksize=16)))
        _SHARED.clear()
    else:
        table = {n: [bcubed(g, cluster(fold, params, f)[0]) for fold, f, g in zip(folds, feats, golds, strict=True)]
                 for n, params in enumerate(params_of)}
    held: list[float] = []
    held_orders: list[float] = []
    pooled: dict[str, str] = {}
    chosen = []
    shape = ([] if embeddings else [len(split_grid)]) + [len(v) for v in grid.values()]
    grid_scores = np.array([table[n] for n in range(len(configs))]).reshape(*shape, FOLDS)
    argmax_held = []
    for f in range(FOLDS):
        training = np.delete(grid_scores, f, axis=-1).mean(axis=-1)
        argmax = max(table, key=lambda n: (sum(s for i, s in enumerate(table[n]) if i != f), -n))
        argmax_held.append(table[argmax][f])  # the single best training cell, as before: for comparison
        best = int(np.argmax(smoothed(training)))
        chosen.append(configs[best])
        held.append(table[best][f])
        params = replace(base, **configs[best])
        pred, _ = cluster(folds[f], params, embeddings=embeddings)
        pooled.update({k: f"{f}:{v}" for k, v in pred.items()})
        fold_gold = {a.id: gold[a.id] for a in folds[f]}
        scores = [table[best][f]] + [bcubed(fold_gold, cluster(order, params, embeddings=embeddings)[0])
                                     for order in shuffled(folds[f], f, orders)]
        held_orders.append(sum(scores) / len(scores))
    overall = max(table, key=lambda n: (sum(table[n]), -n))
    out = {"held_out": held, "mean": sum(held) / FOLDS, "pooled": bcubed(gold, pooled), "chosen": chosen,
           "overall": configs[overall], "overall_mean": sum(table[overall]) / FOLDS,
           "default_mean": _default_mean(table, configs, base), "held_out_orders": held_orders,
           "argmax_held_out": argmax_held}
    if not embeddings:  # the same folds with the split held off: what it adds
        off = [n for n, c in enumerate(configs) if not c.get("split_gap")]
        out["split_off_held_out"] = [table[max(off, key=lambda n: (sum(s for i, s in enumerate(table[n])
                                                                        if i != f), -n))][f]
                                     for f in range(FOLDS)]
    if embeddings:  # the same folds with the weight held at 0: what the embeddings add
        lexical = [n for n, c in enumerate(configs) if not c["embedding_weight"]]
        out["lexical_held_out"] = [table[max(lexical, key=lambda n: (sum(s for i, s in enumerate(table[n])
                                                                          if i != f), -n))][f]
                                   for f in range(FOLDS)]
    return out


_SHARED: list[Any] = []  # what forked workers read: folds, features, gold, settings (set for one pool only)


def _setting_scores(n: int) -> list[float]:
    """One setting's B-cubed F1 on each fold (run in a forked worker: see ``cross_validate``'s ``jobs``)."""
    folds, feats, golds, params_of = _SHARED
    return [bcubed(g, cluster(fold, params_of[n], f)[0]) for fold, f, g in zip(folds, feats, golds, strict=True)]


def smoothed(scores: np.ndarray) -> np.ndarray:
    """Each setting's score averaged with its neighbours on the grid (one step along each knob, the
    split settings' list counted as one knob): the held-out fold is chosen for by the training folds'
    plateau, not their single best cell, whose edge (a threshold or weight a step from a cliff) is
    where an unseen topic falls off (fold 3 picked threshold 0.15 with facet weight 0: 0.849)."""
    total, count = scores.astype(float).copy(), np.ones(scores.shape)
    for axis in range(scores.ndim):
        for step in (-1, 1):
            shifted = np.roll(scores, step, axis=axis)
            valid = np.ones(scores.shape[axis], bool)
            valid[0 if step == 1 else -1] = False  # np.roll wraps around: the wrapped cell is no neighbour
            mask = valid.reshape([-1 if a == axis else 1 for a in range(scores.ndim)])
            total += np.where(mask, shifted, 0.0)
            count += mask
    return total / count


def _default_mean(table: dict[int, list[float]], configs: list[dict[str, Any]],
                  d: TrackerParams) -> float | None:
    for n, c in enumerate(configs):
        if all(abs(getattr(d, k) - v) < 1e-9 for k, v in c.items()):
            return sum(table[n]) / FOLDS
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md table")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated estimate")
    parser.add_argument("--raw", action="store_true", help="no Analyzer: names from capitalised phrases")
    parser.add_argument("--workers", type=int, default=2, help="processes for the one-off analysis")
    parser.add_argument("--cache", type=Path, default=CACHE, help="the analysed articles' cache file")
    parser.add_argument("--pred", type=Path, help="write the full-stream predictions here")
    parser.add_argument("--embeddings", metavar="NAME", help="add the embedding cosine (see the module doc)")
    parser.add_argument("--orders", type=int, default=1, metavar="K",
                        help="also score each held-out fold in K stream orders (see the module doc)")
    parser.add_argument("--jobs", type=int, default=1, help="processes scoring the grid's settings")
    parser.add_argument("--late-join", type=float, default=TrackerParams().late_join, metavar="X",
                        help="TrackerParams.late_join for every run (0 = off; default 0.4)")
    args = parser.parse_args(argv)
    rows = load_gold()
    gold = {r["id"]: r["story"] for r in rows}
    topic = {r["id"]: int(r["topic"]) for r in rows}
    stream = articles(rows, args.raw, args.workers, args.cache)
    if args.embeddings:
        return embedding_run(stream, gold, topic, args.embeddings, args.markdown, not args.no_cv)
    base = replace(TrackerParams(), late_join=args.late_join)
    pred, _ = cluster(stream, base)
    rate, rate_ahead = best_rate(stream, False, base), best_rate(stream, True, base)
    line = official(pred)
    base_pred, _ = cluster(stream, BASELINE)
    base_line, base_rate = official(base_pred), best_rate(stream, False, BASELINE)
    print(f"baseline rebuilt (words only, threshold 0.25): {base_line}  ({base_rate:,.0f} articles/s)",
          file=sys.stderr)
    if args.pred:
        args.pred.write_text("".join(json.dumps({"id": k, "story": v}) + "\n" for k, v in pred.items()))
    print(f"full dev stream, defaults: {line}  ({rate:,.0f} articles/s; {rate_ahead:,.0f} with "
          "features computed ahead)", file=sys.stderr)
    cv = None if args.no_cv else cross_validate(stream, gold, topic, orders=args.orders, base=base,
                                                 jobs=args.jobs)
    if cv:
        print(f"held-out folds B3 F1: {' '.join(f'{s:.3f}' for s in cv['held_out'])}  mean {cv['mean']:.3f}  "
              f"pooled {cv['pooled']:.3f}; chosen {cv['chosen']}; best overall {cv['overall']} "
              f"(fold mean {cv['overall_mean']:.3f}); defaults fold mean {cv['default_mean']}", file=sys.stderr)
        if args.orders > 1:
            by_order = cv["held_out_orders"]
            print(f"held-out folds, mean over {args.orders} stream orders (file order and {args.orders - 1} "
                  f"shuffles): {' '.join(f'{s:.3f}' for s in by_order)}  mean {sum(by_order) / FOLDS:.3f}",
                  file=sys.stderr)
        single = cv["argmax_held_out"]
        print(f"same folds, the training folds' single best setting (no smoothing): "
              f"{' '.join(f'{s:.3f}' for s in single)}  mean {sum(single) / FOLDS:.3f}", file=sys.stderr)
        off = cv["split_off_held_out"]
        print(f"same folds, split off: {' '.join(f'{s:.3f}' for s in off)}  mean {sum(off) / FOLDS:.3f}",
              file=sys.stderr)
    if args.markdown:
        b3 = line.split("F1 ")[1].split()[0]
        pw = line.split("pairwise")[1].split("F1 ")[1].split()[0]
        print("| system | B³ F1 dev (full stream) | B³ F1 unseen topics (held-out folds) | pairwise F1 dev | "
              "articles/s (features + assignment / assignment alone) |")
        print("|---|---|---|---|---|")
        print("| single-pass TF-IDF baseline (README; unseen = withheld test) | 0.873 | 0.797 | 0.816 | ~400–650 |")
        bb3 = base_line.split("F1 ")[1].split()[0]
        bpw = base_line.split("pairwise")[1].split("F1 ")[1].split()[0]
        print(f"| the same baseline rebuilt on newsdesk's engine (this run) | {bb3} | — | {bpw} | "
              f"{base_rate:,.0f} / — |")
        held = f"{cv['mean']:.3f} (pooled {cv['pooled']:.3f})" if cv else "—"
        print(f"| newsdesk StoryTracker{' (raw, no Analyzer)' if args.raw else ''} | {b3} | {held} | {pw} | "
              f"{rate:,.0f} / {rate_ahead:,.0f} |")
    return 0


def embedding_run(stream: list[Article], gold: dict[str, str], topic: dict[str, int], name: str,
                  markdown: bool, cv_too: bool = True) -> int:
    """The held-out estimate with the embedding term, beside the same folds without it; the full
    stream with the setting chosen on all folds; the clustering speed: assignment alone with the
    vectors ahead, and for ``static`` the whole step (features, static vectors, assignment: the
    tracker makes its own embedder) beside the lexical defaults' in the same minute. Without
    ``cv_too``: the shipped choice (:meth:`TrackerParams.with_embeddings`) and its speed only."""
    embeddings = load_embeddings(name, stream)
    if not cv_too:
        params = TrackerParams.with_embeddings("static" if name == "static" else "off")
        pred, _ = cluster(stream, params, embeddings=embeddings)
        whole = best_rate(stream, False, params)
        print(f"{name} ({params}): {official(pred)}; articles/s whole step {whole:,.0f} / with vectors ahead "
              f"{best_rate(stream, True, params, embeddings):,.0f}; lexical defaults "
              f"{best_rate(stream, False):,.0f} / {best_rate(stream, True):,.0f}", file=sys.stderr)
        return 0
    cv = cross_validate(stream, gold, topic, embeddings)
    lexical = sum(cv["lexical_held_out"]) / FOLDS
    weights = [c["embedding_weight"] for c in cv["chosen"]]
    params = replace(TrackerParams(), **cv["overall"])
    pred, _ = cluster(stream, params, embeddings=embeddings)
    rate = best_rate(stream, True, params, embeddings)
    speed = f"— / {rate:,.0f}"
    if name == "static":
        whole = best_rate(stream, False, replace(params, embeddings="static"))
        speed = f"{whole:,.0f} / {rate:,.0f} (lexical defaults {best_rate(stream, False):,.0f} / " \
                f"{best_rate(stream, True):,.0f})"
    print(f"{name}: held-out folds B3 F1 {' '.join(f'{s:.3f}' for s in cv['held_out'])} mean {cv['mean']:.3f} "
          f"(pooled {cv['pooled']:.3f}); same folds, embedding weight 0: "
          f"{' '.join(f'{s:.3f}' for s in cv['lexical_held_out'])} mean {lexical:.3f}; chosen {cv['chosen']}; "
          f"best overall {cv['overall']} (fold mean {cv['overall_mean']:.3f}); full stream with it: "
          f"{official(pred)}; articles/s (whole step / assignment with vectors ahead): {speed}", file=sys.stderr)
    if markdown:
        print(f"| {name} | {cv['mean']:.3f} | {lexical:.3f} | {', '.join(f'{w:g}' for w in weights)} | "
              f"{bcubed(gold, pred):.3f} | {speed} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
