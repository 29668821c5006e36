"""A fast entity recogniser: a spaCy ``ner`` whose greedy decoding is vectorised in numpy.

sm's ``ner`` is most of the cost of running it on every sentence, for two reasons: its own encoder
(width 96, depth 4, maxout 3), and spaCy's greedy transition loop, which in spaCy 3.8 takes the
GIL twice for each label and token it checks (``Lexeme.get_struct_attr`` in ``Begin/Unit.is_valid``)
and costs about as much as that encoder. :class:`FastEntityRecognizer` keeps the model (its
weights and moves) and the transition system (BILUO moves with spaCy's validity rules, including
no entity across a sentence boundary or starting on whitespace) but decodes a whole batch at once:
every move consumes one token, so all docs of a batch advance in step. On sm's own ``ner`` it
gives sm's entities (``bench/ner.py``, ``tests/test_fastner.py``); that is newsdesk's default.

``add_fast_ner`` loads a distilled student instead, from ``models/ner/`` as ``scripts/ner/``
trains and exports it (a spaCy ``ner`` with a smaller encoder, trained on sm's entities over news
text); none is shipped yet (see docs/understand.md).

The component shares the pipeline's vocabulary (and its English norms) and runs on any doc from
``nlp.make_doc``: run it after ``senter``. A doc that already carries entities is handed to
spaCy's own decoder, which knows how to keep them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import Config, Model

from ..errors import ConfigError
from .inference import maxout

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner"
NAME = "fast_ner"
FACTORY = "newsdesk_fast_ner"
_BEGIN, _IN, _LAST, _UNIT, _OUT = 1, 2, 3, 4, 5  # spaCy's BILUO move codes (ner.pyx)
_UNSEEN = np.float32(-1e30)  # spaCy scores a class never seen in training below all others


class FastEntityRecognizer:
    """A spaCy ``ner`` (kept as ``.ner``, for its weights and moves) with a vectorised greedy decoder."""

    def __init__(self, ner: EntityRecognizer, *, min_batch: int = 256) -> None:
        self.ner = ner
        self.name = ner.name
        self.min_batch = min_batch
        self._tables: dict[str, Any] | None = None

    @property
    def model(self) -> Model[Any, Any]:
        return cast(Model[Any, Any], self.ner.model)

    @property
    def labels(self) -> tuple[str, ...]:
        return cast(tuple[str, ...], self.ner.labels)

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=max(batch_size, self.min_batch)):  # type: ignore[no-untyped-call]
            self._annotate(batch)
            yield from batch

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> FastEntityRecognizer:
        self.ner.from_disk(path, exclude=[*exclude, "vocab"])
        self._tables = None
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        self.ner.to_disk(path, exclude=[*exclude, "vocab"])

    def _annotate(self, docs: list[Doc]) -> None:
        preset = [d for d in docs if len(d) and d.has_annotation("ENT_IOB")]
        fresh = [d for d in docs if len(d) and not d.has_annotation("ENT_IOB")]
        if preset:
            self.ner.set_annotations(preset, self.ner.predict(preset))
        if fresh:
            self._decode(sorted(fresh, key=len, reverse=True))

    def _weights(self) -> dict[str, Any]:
        if self._tables is None:
            self._tables = _tables(self.ner)
        return self._tables

    def _decode(self, docs: list[Doc]) -> None:
        """Greedy BILUO decoding of ``docs`` (longest first), exactly as spaCy's parser does it."""
        w = self._weights()
        model = self.ner.model
        cached = model.get_ref("lower").predict(model.get_ref("tok2vec").predict(docs))
        n1, n_f, n_o, n_p = cached.shape  # row 0 is the padding for a missing feature
        feats = [np.ascontiguousarray(cached[:, f].reshape(n1, n_o * n_p)) for f in range(n_f)]
        lengths = np.array([len(d) for d in docs])
        base = np.concatenate(([1], 1 + np.cumsum(lengths)[:-1]))  # row of each doc's first token
        # per token: may an entity begin here (B), go on past it (I), be one token (U)?
        flags = np.concatenate([d.to_array([SENT_START, IS_SPACE]) for d in docs]).astype(np.int64)
        next_starts = np.zeros(len(flags), dtype=bool)
        next_starts[:-1] = flags[1:, 0] == 1
        not_last = np.ones(len(flags), dtype=bool)
        not_last[base[1:] - 2] = False
        not_last[-1] = False
        space = flags[:, 1] != 0
        can_go_on = not_last & ~next_starts
        closed_kind = 2 * (can_go_on & ~space) + ~space  # row of w["closed"]: 2*can begin + can be unit
        n_docs = len(docs)
        is_open = np.zeros(n_docs, dtype=bool)
        label = np.zeros(n_docs, dtype=np.int64)
        start = np.zeros(n_docs, dtype=np.int64)
        found: list[np.ndarray] = []  # rows of (doc, start, end, label index)
        active = n_docs
        for t in range(int(lengths[0])):
            while lengths[active - 1] <= t:
                active -= 1
            op = is_open[:active]
            rows = base[:active] + t
            hidden = feats[0][rows] + feats[1][np.where(op, base[:active] + start[:active], 0)]
            hidden += feats[2][np.where(op, rows - 1, 0)]
            hidden += w["bias"]
            scores = maxout(hidden, n_p) @ w["W"] + w["b"]
            valid = np.where(op[:, None], w["open"][label[:active], can_go_on[rows - 1].astype(np.int64)],
                             w["closed"][closed_kind[rows - 1]])
            guess = np.where(valid, scores, -np.inf).argmax(axis=1)
            move = w["move"][guess]
            closes = (move == _LAST) | (move == _UNIT)
            if closes.any():
                k = np.flatnonzero(closes)
                is_unit = move[k] == _UNIT
                found.append(np.stack([k, np.where(is_unit, t, start[k]), np.full(len(k), t + 1),
                                       np.where(is_unit, w["label"][guess[k]], label[k])], axis=1))
                is_open[k] = False
            begins = np.flatnonzero(move == _BEGIN)
            if len(begins):
                is_open[begins] = True
                start[begins] = t
                label[begins] = w["label"][guess[begins]]
        spans: list[list[Span]] = [[] for _ in docs]
        names = w["names"]
        for d, s, e, lab in (np.concatenate(found).tolist() if found else []):
            spans[d].append(Span(docs[d], s, e, label=names[lab]))
        for doc, ents in zip(docs, spans, strict=True):
            doc.set_ents(ents, default="outside")


def _tables(ner: EntityRecognizer) -> dict[str, Any]:
    """The decoder's view of the weights and moves: which class is valid in which state."""
    model = ner.model
    lower, upper = model.get_ref("lower"), model.get_ref("upper")
    moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    names = sorted({m.split("-", 1)[1] for m in moves if "-" in m and m.split("-", 1)[1]})
    index = {n: i + 1 for i, n in enumerate(names)}  # 0: no label
    code = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}
    move = np.array([code[m[0]] for m in moves])
    lab = np.array([index.get(m.split("-", 1)[1], 0) if "-" in m else 0 for m in moves])
    n_c = len(moves)
    closed = np.zeros((4, n_c), dtype=bool)  # row: 2*can begin + can be unit
    for kind in range(4):
        closed[kind] = (move == _OUT) | ((move == _BEGIN) & (lab > 0) & (kind >= 2)) \
            | ((move == _UNIT) & (lab > 0) & (kind % 2 == 1))
    opened = np.zeros((len(names) + 1, 2, n_c), dtype=bool)  # [open label, can go on]
    for li in range(1, len(names) + 1):
        opened[li, 0] = (move == _LAST) & (lab == li)
        opened[li, 1] = ((move == _LAST) | (move == _IN)) & (lab == li)
    b = upper.get_param("b").astype(np.float32).copy()
    for c in model.attrs["unseen_classes"]:
        b[c] = _UNSEEN
    return {"W": np.ascontiguousarray(upper.get_param("W").T), "b": b,
            "bias": lower.get_param("b").reshape(-1), "move": move, "label": lab, "closed": closed,
            "open": opened, "names": ["", *names]}


@Language.factory(FACTORY, default_config={"min_batch": 256})
def make_fast_ner(nlp: Language, name: str, model: Model[Any, Any], min_batch: int) -> FastEntityRecognizer:
    return FastEntityRecognizer(EntityRecognizer(nlp.vocab, model, name=name), min_batch=min_batch)


def add_fast_ner(nlp: Language, *, name: str = NAME, path: Path = MODEL_DIR, after: str | None = None,
                 min_batch: int = 256) -> FastEntityRecognizer:
    """Add the fast entity recogniser to ``nlp`` as ``name`` (after ``after``, else last) and return it.

    ``path`` holds ``config.cfg`` (the spaCy ``ner`` config, under ``[ner]``) and ``ner/`` (its
    weights and moves), as ``scripts/ner/export.py`` writes them. A missing or broken one is a
    ConfigError.
    """
    try:
        model_config = Config().from_disk(path / "config.cfg", interpolate=False)["ner"]["model"]
    except (OSError, KeyError) as exc:
        raise ConfigError(f"the fast entity recogniser is missing or broken ({exc})", input=str(path)) from None
    config = {"model": model_config, "min_batch": min_batch}
    pipe = nlp.add_pipe(FACTORY, name=name, config=config, after=after) if after else \
        nlp.add_pipe(FACTORY, name=name, config=config)
    component = cast(FastEntityRecognizer, pipe)
    try:
        component.from_disk(path / "ner")
    except (OSError, ValueError) as exc:
        nlp.remove_pipe(name)
        raise ConfigError(f"cannot load the fast entity recogniser ({exc})", input=str(path)) from None
    return component
