"""Plain-text page dumps: keep the title and the article's lines, drop the site chrome.

A learned, language-neutral line classifier (``models/textdump.json``, built by
``scripts/train_textdump.py``) decides which lines are the article: pass 1 (linear) scores each
line from its own shape and its neighbours' shapes, pass 2 (boosted trees) re-scores it from the
pass-1 scores around it and its share of chrome words (a lexicon learned from the training
dumps), an optional two-state Viterbi pass turns the pass-2 probabilities into runs of body and
chrome, and a few rules about page structure (``textrules.py``: comment sections, related-links
boxes, tables, the article's edges) amend the labels; a third model picks the headline among the
short lines near the body's start; the byline and date are read off the header lines above the
body (``textmeta.py``). A line ending in a clock duration is a video caption: media,
never body or title. Inference is dot products and tree walks per line in pure Python.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from ..types import Media
from .base import Extracted
from .media import credit_line, credited_picture, labelled_duration, video_caption
from .textfeatures import (
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
from .textmeta import HEAD_LINES, byline_authors, head_date, is_meta_line, named_authors
from .textrules import PROSE_WORDS, apply_rules

MODEL_FILE = "textdump.json"
RESTATED_WORDS = 8  # a paragraph this long that the next one opens with is said twice, not a short cue
DECK_SCORE = 0.5  # a line above the picked headline scoring this much may be the headline, the pick its deck


@dataclass(frozen=True)
class Linear:
    """A logistic-regression scorer: sigmoid(w · x + b), with the feature scaling folded into w and b."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def score(self, row: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, row, strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> Linear:
        if list(data["names"]) != list(names):
            raise ValueError("textdump model does not match the feature code (retrain with scripts/train_textdump.py)")
        return cls(tuple(names), tuple(float(w) for w in data["weights"]), float(data["bias"]))


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees: sigmoid(base + the sum of one leaf value per tree), each tree flat.

    Node k of a tree splits on ``feature[k]`` (left when the value is <= ``threshold[k]``), or is
    a leaf (feature -1) worth ``value[k]``; the learning rate is folded into the leaf values.
    """

    names: tuple[str, ...]
    base: float
    trees: tuple[tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...], tuple[int, ...], tuple[float, ...]], ...]

    def score(self, row: Sequence[float]) -> float:
        z = self.base
        for feature, threshold, left, right, value in self.trees:
            k = 0
            while feature[k] >= 0:
                k = left[k] if row[feature[k]] <= threshold[k] else right[k]
            z += value[k]
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> Trees:
        if list(data["names"]) != list(names):
            raise ValueError("textdump model does not match the feature code (retrain with scripts/train_textdump.py)")
        trees = tuple((tuple(int(f) for f in t["feature"]), tuple(float(x) for x in t["threshold"]),
                       tuple(int(x) for x in t["left"]), tuple(int(x) for x in t["right"]),
                       tuple(float(x) for x in t["value"])) for t in data["trees"])
        return cls(tuple(names), float(data["base"]), trees)


Scorer = Linear | Trees


def scorer_from_json(data: dict[str, Any], names: Sequence[str]) -> Scorer:
    """A linear or a tree scorer, as the model file says (``"kind"``, linear when absent)."""
    return Trees.from_json(data, names) if data.get("kind") == "trees" else Linear.from_json(data, names)


@dataclass(frozen=True)
class Model:
    line: Scorer
    context: Scorer
    title: Scorer
    threshold: float
    title_threshold: float
    switch_cost: float = 0.0  # Viterbi smoothing of the line labels (0: each line on its own)
    chrome_words: frozenset[str] = frozenset()  # learned from the training dumps (a pass-2 feature)
    # Further stacked passes, each reading the previous pass's scores the way pass 2 reads pass 1's.
    later: tuple[Scorer, ...] = ()
    rules: bool = False  # the page-structure rules of ``textrules.py`` on the body mask

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(line=scorer_from_json(data["line"], LINE_NAMES),
                   context=scorer_from_json(data["context"], LINE_NAMES + CONTEXT_NAMES),
                   title=scorer_from_json(data["title"], TITLE_NAMES),
                   threshold=float(data["threshold"]), title_threshold=float(data["title_threshold"]),
                   switch_cost=float(data.get("switch_cost", 0.0)),
                   chrome_words=frozenset(str(w) for w in data.get("chrome_words", ())),
                   later=tuple(scorer_from_json(x, LINE_NAMES + CONTEXT_NAMES) for x in data.get("later", ())),
                   rules=bool(data.get("rules", False)))


@functools.lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model shipped with the package (read once per process)."""
    text = resources.files(__package__).joinpath("models", MODEL_FILE).read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))


@dataclass(frozen=True)
class Scored:
    """A dump's lines with both passes' body scores: what training and extraction share."""

    lines: list[Line]
    language: str | None
    base: list[list[float]]
    first: list[float]
    second: list[float]


def score_lines(text: str, model: Model) -> Scored:
    lines, language = analyse(text)
    return rescore(lines, language, line_features(lines), model)


def rescore(lines: list[Line], language: str | None, base: list[list[float]], model: Model) -> Scored:
    """Both passes over lines already analysed (training re-scores cached features through here)."""
    first = [model.line.score(row) for row in base]
    second = [model.context.score(row) for row in context_features(lines, first, base, model.chrome_words)]
    for scorer in model.later:
        second = [scorer.score(row) for row in context_features(lines, second, base, model.chrome_words)]
    return Scored(lines, language, base, first, second)


def smooth(probs: Sequence[float], cost: float) -> list[bool]:
    """The most likely body/chrome labelling of the lines (Viterbi, two states): each line pays
    -log of its probability for the label it gets, each change of label pays ``cost``. Articles
    are runs: a weak line between strong ones follows them, a lone strong line in chrome does not."""
    if not probs:
        return []
    def emit(p: float) -> tuple[float, float]:
        p = min(max(p, 1e-6), 1 - 1e-6)
        return math.log(1 - p), math.log(p)
    best = list(emit(probs[0]))
    back: list[tuple[int, int]] = []
    for p in probs[1:]:
        e = emit(p)
        step = [0, 1]
        for s in (0, 1):
            if best[1 - s] - cost > best[s]:
                step[s] = 1 - s
        best = [best[step[0]] - cost * (step[0] != 0) + e[0], best[step[1]] - cost * (step[1] != 1) + e[1]]
        back.append((step[0], step[1]))
    state = int(best[1] > best[0])
    labels = [state]
    for step_back in reversed(back):
        state = step_back[state]
        labels.append(state)
    return [bool(x) for x in reversed(labels)]


def body_mask(scored: Scored, model: Model) -> list[bool]:
    """Lines labelled body (above the threshold, or by :func:`smooth` when the model's switch cost is
    set), never a video caption, the best line when none is; then amended by the page-structure
    rules when the model uses them (after the best-line fallback: a short article scored below the
    threshold grows from its best line)."""
    if model.switch_cost > 0:
        labels = smooth(scored.second, model.switch_cost)
    else:
        labels = [p >= model.threshold for p in scored.second]
    body = _best_if_none(scored, [b and not x.video for b, x in zip(labels, scored.lines, strict=True)])
    if model.rules:
        body = _best_if_none(scored, apply_rules(scored.lines, body))
    return body


def _best_if_none(scored: Scored, body: list[bool]) -> list[bool]:
    if not any(body):
        ranked = [i for i in range(len(scored.lines)) if not scored.lines[i].video]
        # a paragraph before a heading: where every line scores near nought, a list's "Most Read" won
        prose = [i for i in ranked if scored.lines[i].words >= PROSE_WORDS and scored.lines[i].ends_sentence]
        if prose or ranked:
            body[max(prose or ranked, key=lambda i: (scored.second[i], scored.lines[i].words))] = True
    return body


def pick_title(scored: Scored, body: Sequence[bool], model: Model) -> int | None:
    """Index of the headline line, or None when no candidate scores above the title threshold."""
    candidates = title_candidates(scored.lines, body)
    if not candidates:
        return None
    rows = title_features(scored.lines, body, scored.second, candidates)
    scores = [model.title.score(row) for row in rows]
    # The model scores every candidate (its features rank them against each other); when the article's
    # byline or date stands among them, the pick skips what is below it (a standfirst, a live blog's
    # first entry): the headline is above.
    start = next((i for i, kept in enumerate(body) if kept), len(body))
    meta = [i for i in range(candidates[0], start) if is_meta_line(scored.lines[i].text)]
    allowed = list(range(len(candidates)))
    if meta and candidates[0] < meta[-1]:
        allowed = [k for k in allowed if candidates[k] < meta[-1]]
    best = max(allowed, key=lambda k: scores[k])
    # two likely lines one under the other, the lower one longer: a headline and its standfirst
    if best - 1 in allowed and candidates[best - 1] == candidates[best] - 1 and scores[best - 1] >= DECK_SCORE \
            and scored.lines[candidates[best - 1]].words < scored.lines[candidates[best]].words:
        best -= 1
    return candidates[best] if scores[best] >= model.title_threshold else None


def extract_with(text: str, model: Model, title: str | None = None) -> Extracted:
    """Extract a dump with a given model (``title``: the headline, when the dump's metadata gives it)."""
    return extract_scored(score_lines(text, model), model, title)


def extract_scored(scored: Scored, model: Model, title: str | None = None) -> Extracted:
    """The findings from scored lines (training scores candidate models through this same path).
    A ``title`` known from elsewhere wins; a line the model took for the headline then stays
    what its label says unless it repeats that title."""
    body = body_mask(scored, model)
    title_at = pick_title(scored, body, model)
    if title is not None and title_at is not None and _squash(scored.lines[title_at].text) != _squash(title):
        title_at = None
    paragraphs: list[str] = []
    media: list[Media] = []
    removed: list[str] = []
    start = next((i for i, kept in enumerate(body) if kept), 0)
    end = max((i for i, kept in enumerate(body) if kept), default=len(body))
    media_at = -2  # the line the last media came from
    for i, line in enumerate(scored.lines):
        video = video_caption(line.text) if line.video else None
        credit = credit_line(line.text) if video is None and start - HEAD_LINES <= i <= end else None
        if credit is not None:
            # "Getty Images", "Reuters/John Smith" on a line of its own: the credit of the picture above it
            if media_at == i - 1 and media[-1].credit is None:
                media[-1] = replace(media[-1], credit=credit)
            removed.append(line.text)
        elif video is not None and i < end:
            media.append(video)
            media_at = i
        elif video is not None:
            removed.append(line.text)  # past the article's end: another story's, in an "Up next" rail
        elif i == title_at:
            continue
        elif body[i]:
            paragraphs.append(line.text)
        else:
            found = _dump_media(scored.lines, i) if start - HEAD_LINES <= i < end else None
            if found is not None:
                media.append(found)
                media_at = i
            else:
                removed.append(line.text)
    paragraphs = _drop_restated(paragraphs)
    if title is None and title_at is not None:
        title = scored.lines[title_at].text
    # the byline and the date stand in the header just above the article's first line
    head = [scored.lines[i].text for i in range(max(0, start - HEAD_LINES), start)]
    below = [] if title_at is None else [scored.lines[i].text for i in range(title_at + 1, start)]
    # The article's language is left to the assembler, which reads it from the kept text.
    return Extracted(title=title, paragraphs=tuple(paragraphs), media=tuple(media), removed=tuple(removed),
                     authors=byline_authors(head) or named_authors(below), published=head_date(head))


def _dump_media(lines: Sequence[Line], i: int) -> Media | None:
    """A picture's credited caption, or a video page's "Duration: 1:32" (its caption the line above: the
    headline), among the lines of the article's header and body."""
    length = labelled_duration(lines[i].text)
    if length and i > 0:
        return Media(kind="video", caption=lines[i - 1].text, duration_seconds=length)
    return credited_picture(lines[i].text)


def _drop_restated(paragraphs: list[str]) -> list[str]:
    """Without a paragraph that the next one opens with and goes on from (a video page's standfirst over a
    lead that restates it with more): the page says it twice, the article once."""
    out: list[str] = []
    for k, text in enumerate(paragraphs):
        head = _squash(text).rstrip(".!?…")
        if k + 1 < len(paragraphs) and len(head.split()) >= RESTATED_WORDS \
                and _squash(paragraphs[k + 1]).startswith(head) and len(paragraphs[k + 1]) > len(text):
            continue
        out.append(text)
    return out


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def extract_textdump(text: str, title: str | None = None) -> Extracted:
    """The title, the article's paragraphs (one per kept line), video captions and the dropped chrome."""
    return extract_with(text, shipped_model(), title)
