"""Experiment (not shipped): a learned join decision for the story tracker, measured on ECB+.

The tracker joins an article to its best-scored story when the weighted cosine score reaches a
threshold. Here a logistic regression decides instead, from features of the article and each of
its five best-scored candidate stories (:data:`FEATURES`: the cosines apart, the story's size and
age, names and numbers of the article new to the story, the story's core names and lead numbers
the article lacks, years that disagree, title overlap, the best single member's cosine, the margin
to the next candidate). Training rows come from the training topics' streams with gold teacher
forcing (each article placed in its gold story after its candidates are logged; label: the
candidate is the article's gold story), from the file order and ``--perms`` shuffled orders
(more first reports of a second event, at other story sizes). Two ways to use the model:

- ``join``: join the candidate with the highest chance if it reaches ``t``, else start a story;
- ``veto``: the tracker's own rule (threshold), but a join needs the model's chance ≥ ``t``.

Evaluated end to end with ``bench/stories.py``'s five topic folds: for each held-out fold the
model is trained on the other four, ``C`` and ``t`` are chosen by an inner cross-validation over
those four (train on three, cluster the fourth), and the held-out fold is clustered once.
``--cvparams``: the tracker's own parameters per fold as ``bench/stories.py`` chooses them (its
grid, on the training folds), else the defaults. Results: docs/benchmarks.md (Stories, tried).

    python scripts/story_joiner.py [--mode join|veto] [--perms 20] [--cvparams]
"""

from __future__ import annotations

import argparse
import heapq
import math
import sys
from collections import Counter
from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stories import FOLDS, articles, bcubed, cross_validate, load_gold
from newsdesk.stories import StoryTracker, TrackerParams
from newsdesk.stories.features import _YEAR, _add_name, dot, featurize, words
from newsdesk.types import Article

CANDIDATES = 5
RECENT = 16  # member word vectors kept per story for the best single member's cosine
FEATURES = ("score", "words", "names", "facets", "margin", "rank", "names_new", "lead_names_new",
            "core_lacking", "lead_core_lacking", "numbers_new", "lead_numbers_lacking", "years_new",
            "title", "best_member", "member_gain", "size", "age", "idle")
RANK = FEATURES.index("rank")


@dataclass
class Extra:
    """What the features need of an article beyond the tracker's features."""

    lead_names: frozenset[str]
    lead_numbers: frozenset[str]
    numbers: frozenset[str]
    title: frozenset[str]


def extra(article: Article, cut: int = 400) -> Extra:
    def numbers(tokens: list[str]) -> frozenset[str]:
        return frozenset(t for t in tokens if t[0].isdigit() and not _YEAR.fullmatch(t))

    found: Counter[str] = Counter()
    title = (article.title or "").lower()
    for entity in article.entities:
        if any(m.start < cut for m in entity.mentions) or entity.name.lower() in title:
            _add_name(found, entity.name, 1)
    head, body, tw = words(article.text[:cut]), words(article.text), words(article.title or "")
    return Extra(frozenset(found), numbers(tw + head), numbers(body), frozenset(tw))


@dataclass
class Side:
    """Per story: members (copies aside), stream positions, name and number counts, first title, vectors."""

    start: int
    title: frozenset[str]
    size: int = 0
    seen: int = 0
    names: Counter[str] | None = None
    lead_names: Counter[str] | None = None
    numbers: set[str] | None = None
    lead_numbers: Counter[str] | None = None
    recent: list[dict[str, float]] | None = None


def _share_not_in(items: Collection[str], known: Container[str]) -> float:
    return sum(1 for x in items if x not in known) / len(items) if items else 0.0


class Tracker(StoryTracker):
    """The tracker with a pluggable join decision (``novelty`` off, as ``newsdesk cluster``)."""

    def __init__(self, params: TrackerParams, decide: Any) -> None:
        super().__init__(params, novelty=False)
        self.decide = decide  # (tracker, features rows, candidates, scored, article) -> story index or None
        self.side: dict[int, Side] = {}
        self.count = 0

    def place(self, article: Article) -> str:
        feats = featurize(article, self.params.lead_chars, self.params.lead_weight)
        ex = extra(article)
        vectors = self._vectors(feats)
        total, dots = self._scores(vectors)
        scored = {s: v for s, v in total.items() if self._active(self._stories[s], feats.when)}
        cands = heapq.nsmallest(CANDIDATES, scored, key=lambda s: (-scored[s], s))
        copy = self._copies.find(feats.fingerprint, (m for s in cands[:3] for m in self._stories[s].members))
        if copy is not None and copy.original in self._article_story:
            story = self._article_story[copy.original]
            self._add(story, article, feats, None, copy.original, None)
            self.count += 1
            return story.id
        rows = self.rows(feats, ex, vectors, dots, scored, cands)
        best = self.decide(self, rows, cands, scored, article) if cands else None
        if best is None:
            story = self._start(article, feats, vectors)
            self.side[story.index] = Side(self.count, ex.title, names=Counter(), lead_names=Counter(),
                                          numbers=set(), lead_numbers=Counter(), recent=[])
        else:
            story = self._stories[best]
            self._add(story, article, feats, vectors, None, dots)
        side = self.side[story.index]
        assert side.names is not None and side.lead_names is not None and side.numbers is not None
        assert side.lead_numbers is not None and side.recent is not None
        self.count += 1
        side.size += 1
        side.seen = self.count
        side.names.update(feats.names.keys())
        side.lead_names.update(ex.lead_names)
        side.numbers.update(ex.numbers)
        side.lead_numbers.update(ex.lead_numbers)
        side.recent.append(vectors[0])
        if len(side.recent) > RECENT:
            del side.recent[1]  # the first member stays
        return story.id

    def rows(self, feats: Any, ex: Extra, vectors: Any, dots: Any, scored: dict[int, float],
             cands: list[int]) -> list[list[float]]:
        names = self._spaces[1]
        scores = [scored[s] for s in cands]
        years = [t for t in feats.facets if t.startswith("y:")]
        out = []
        for rank, index in enumerate(cands):
            side = self.side[index]
            assert side.names is not None and side.lead_names is not None and side.numbers is not None
            assert side.lead_numbers is not None and side.recent is not None
            cos = [dots[i].get(index, 0.0) / sp.norm[index] if sp.norm.get(index) else 0.0
                   for i, sp in enumerate(self._spaces)]
            other = max((v for j, v in enumerate(scores) if j != rank), default=0.0)
            core = [n for n, c in side.names.items() if 2 * c >= side.size]
            lead_core = [n for n, c in side.lead_names.items() if 2 * c >= side.size]
            lead_numbers = [n for n, c in side.lead_numbers.items() if 2 * c >= side.size]
            best_member = max((dot(vectors[0], v) for v in side.recent), default=0.0)
            out.append([
                scores[rank], *cos, scores[rank] - other, float(rank),
                names.missing(vectors[1], index) if vectors[1] else 0.0,
                _share_not_in(ex.lead_names, side.names), _share_not_in(core, feats.names),
                _share_not_in(lead_core, feats.names), _share_not_in(ex.lead_numbers, side.numbers),
                _share_not_in(lead_numbers, ex.numbers), _share_not_in(years, self._stories[index].terms[2]),
                len(ex.title & side.title) / (len(ex.title | side.title) or 1), best_member, best_member - cos[0],
                math.log1p(side.size), math.log1p(self.count - side.start), math.log1p(self.count - side.seen),
            ])
        return out


def teacher_logs(stream: Sequence[Article], gold: dict[str, str], params: TrackerParams) -> tuple[Any, Any]:
    """Candidate rows and labels, each article placed in its gold story (teacher forcing)."""
    xs: list[list[float]] = []
    ys: list[int] = []
    story_gold: dict[int, str] = {}

    def decide(tr: Tracker, rows: list[list[float]], cands: list[int], scored: Any, article: Article) -> int | None:
        target = None
        for index, row in zip(cands, rows, strict=True):
            label = story_gold[index] == gold[article.id]
            xs.append(row)
            ys.append(int(label))
            if label and target is None:
                target = index
        return target

    tracker = Tracker(params, decide)
    for article in stream:
        sid = tracker.place(article)
        story_gold.setdefault(tracker._by_id[sid].index, gold[article.id])
    return np.array(xs).reshape(-1, len(FEATURES)), np.array(ys)


@dataclass
class Model:
    mean: Any
    scale: Any
    coef: Any
    intercept: float

    def chances(self, rows: list[list[float]]) -> list[float]:
        z = ((np.array(rows) - self.mean) / self.scale) @ self.coef + self.intercept
        return (1.0 / (1.0 + np.exp(-z))).tolist()


def fit(x: Any, y: Any, c: float, veto: float | None) -> Model:
    if veto is not None:  # the veto sees only the joins the tracker's rule would make
        keep = (x[:, RANK] == 0) & (x[:, 0] >= veto - 0.03)
        x, y = x[keep], y[keep]
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y)
    return Model(mean, scale, lr.coef_[0], float(lr.intercept_[0]))


def cluster(stream: Sequence[Article], params: TrackerParams, model: Model, t: float, mode: str) -> dict[str, str]:
    def decide(tr: Tracker, rows: list[list[float]], cands: list[int], scored: Any, article: Article) -> int | None:
        if mode == "veto":
            ok = scored[cands[0]] >= params.threshold and model.chances(rows[:1])[0] >= t
            return cands[0] if ok else None
        p = model.chances(rows)
        i = max(range(len(cands)), key=lambda i: (p[i], -i))
        return cands[i] if p[i] >= t else None

    tracker = Tracker(params, decide)
    return {a.id: tracker.place(a) for a in stream}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=("join", "veto"), default="join")
    ap.add_argument("--perms", type=int, default=20, help="shuffled orders of each training stream")
    ap.add_argument("--cvparams", action="store_true", help="tracker parameters chosen per fold by the bench grid")
    ap.add_argument("--C", default="0.1,1")
    ap.add_argument("--ts", default="")
    args = ap.parse_args(argv)
    cs = [float(c) for c in args.C.split(",")]
    ts = [float(t) for t in args.ts.split(",")] if args.ts else (
        [0.05, 0.1, 0.2, 0.3, 0.5] if args.mode == "veto" else [0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    rows = load_gold()
    gold = {r["id"]: r["story"] for r in rows}
    topic = {r["id"]: int(r["topic"]) for r in rows}
    stream = articles(rows, False, 1)
    topics = sorted(set(topic.values()))
    fold_of = {t: i % FOLDS for i, t in enumerate(topics)}
    folds = [[a for a in stream if fold_of[topic[a.id]] == f] for f in range(FOLDS)]
    fgold = [{a.id: gold[a.id] for a in fold} for fold in folds]
    fparams = [TrackerParams()] * FOLDS
    if args.cvparams:
        cv = cross_validate(stream, gold, topic)
        print(f"tracker alone, held out: {' '.join(f'{s:.3f}' for s in cv['held_out'])} mean {cv['mean']:.4f}")
        fparams = [replace(TrackerParams(), **c) for c in cv["chosen"]]
    cache: dict[tuple[int, TrackerParams], tuple[Any, Any]] = {}

    def logs(i: int, params: TrackerParams) -> tuple[Any, Any]:
        if (i, params) not in cache:
            rng = np.random.default_rng(i)
            orders = [folds[i]] + [[folds[i][k] for k in rng.permutation(len(folds[i]))] for _ in range(args.perms)]
            parts = [teacher_logs(order, gold, params) for order in orders]
            cache[(i, params)] = np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        return cache[(i, params)]

    def train(idx: list[int], params: TrackerParams, c: float) -> Model:
        parts = [logs(i, params) for i in idx]
        return fit(np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), c,
                   params.threshold if args.mode == "veto" else None)

    held, chosen, sweep = [], [], {}
    for f in range(FOLDS):
        params, train_folds = fparams[f], [i for i in range(FOLDS) if i != f]
        inner: dict[tuple[float, float], list[float]] = {}
        for c in cs:
            for i in train_folds:
                model = train([k for k in train_folds if k != i], params, c)
                for t in ts:
                    pred = cluster(folds[i], params, model, t, args.mode)
                    inner.setdefault((c, t), []).append(bcubed(fgold[i], pred))
            model = train(train_folds, params, c)
            for t in ts:
                sweep[(c, t, f)] = bcubed(fgold[f], cluster(folds[f], params, model, t, args.mode))
        best = max(inner, key=lambda k: (sum(inner[k]), -k[1]))
        chosen.append(best)
        held.append(sweep[(best[0], best[1], f)])
    for c in cs:
        for t in ts:
            scores = [sweep[(c, t, f)] for f in range(FOLDS)]
            print(f"{args.mode} C={c} t={t} (fixed): {' '.join(f'{s:.3f}' for s in scores)} mean {np.mean(scores):.4f}")
    print(f"{args.mode}, perms {args.perms}, C and t chosen by inner CV {chosen}: held out "
          f"{' '.join(f'{s:.3f}' for s in held)} mean {np.mean(held):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
