"""Plain-text page dumps: keep the title and the article's lines, drop the site chrome.

A learned, language-neutral line classifier (``models/textdump.json``, built by
``scripts/train_textdump.py``) decides which lines are the article: pass 1 scores each line from
its own shape and its neighbours' shapes, pass 2 re-scores it from the pass-1 scores around it
(articles are contiguous runs), and a third model picks the headline among the short lines near
the body's start. A line ending in a clock duration is a video caption: media, never body or title.
Inference is a few dot products per line in pure Python.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..types import Media
from .base import Extracted
from .media import video_caption
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

MODEL_FILE = "textdump.json"


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
class Model:
    line: Linear
    context: Linear
    title: Linear
    threshold: float
    title_threshold: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(line=Linear.from_json(data["line"], LINE_NAMES),
                   context=Linear.from_json(data["context"], LINE_NAMES + CONTEXT_NAMES),
                   title=Linear.from_json(data["title"], TITLE_NAMES),
                   threshold=float(data["threshold"]), title_threshold=float(data["title_threshold"]))


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
    second = [model.context.score(row) for row in context_features(lines, first, base)]
    return Scored(lines, language, base, first, second)


def body_mask(scored: Scored, threshold: float) -> list[bool]:
    """Lines scored above the threshold, never a video caption; the best line when none is."""
    body = [p >= threshold and not x.video for p, x in zip(scored.second, scored.lines, strict=True)]
    if not any(body):
        ranked = [i for i in range(len(scored.lines)) if not scored.lines[i].video]
        if ranked:
            body[max(ranked, key=lambda i: (scored.second[i], scored.lines[i].words))] = True
    return body


def pick_title(scored: Scored, body: Sequence[bool], model: Model) -> int | None:
    """Index of the headline line, or None when no candidate scores above the title threshold."""
    candidates = title_candidates(scored.lines, body)
    if not candidates:
        return None
    rows = title_features(scored.lines, body, scored.second, candidates)
    scores = [model.title.score(row) for row in rows]
    best = max(range(len(candidates)), key=lambda k: scores[k])
    return candidates[best] if scores[best] >= model.title_threshold else None


def extract_with(text: str, model: Model) -> Extracted:
    """Extract a dump with a given model."""
    return extract_scored(score_lines(text, model), model)


def extract_scored(scored: Scored, model: Model) -> Extracted:
    """The findings from scored lines (training scores candidate models through this same path)."""
    body = body_mask(scored, model.threshold)
    title_at = pick_title(scored, body, model)
    paragraphs: list[str] = []
    media: list[Media] = []
    removed: list[str] = []
    for i, line in enumerate(scored.lines):
        video = video_caption(line.text) if line.video else None
        if video is not None:
            media.append(video)
        elif i == title_at:
            continue
        elif body[i]:
            paragraphs.append(line.text)
        else:
            removed.append(line.text)
    title = scored.lines[title_at].text if title_at is not None else None
    # The article's language is left to the assembler, which reads it from the kept text.
    return Extracted(title=title, paragraphs=tuple(paragraphs), media=tuple(media), removed=tuple(removed))


def extract_textdump(text: str) -> Extracted:
    """The title, the article's paragraphs (one per kept line), video captions and the dropped chrome."""
    return extract_with(text, shipped_model())
