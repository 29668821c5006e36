"""A faster dependency parse: spaCy's ``parser``, its state scores computed in numpy for large batches.

spaCy's greedy parser (``transition_parser.pyx``) sorts each batch by length and decodes it in
sub-batches of a quarter of the batch size; at every step it sums each state's eight feature
rows with one BLIS ``saxpy`` per row, takes the maxout and the output layer with BLIS ``sgemm``,
all one state or sixteen states at a time. :class:`FastParser` keeps the model and spaCy's own
transition system (the states, their validity rules and moves stay spaCy's, in C, through
``transition_states``) and computes the scores of all states of a large, length-sorted batch at
once: a gather and a sum per feature, the maxout and one product on numpy's BLAS. The additions
are done in spaCy's order, so the hidden layer is the same to the bit; the output layer's
products may round differently in the last bit, which can change a move only on an exact tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
from spacy.ml.parser_model import ParserStepModel
from spacy.pipeline import DependencyParser
from spacy.tokens import Doc
from spacy.util import minibatch

from .inference import maxout


class FastParser:
    """spaCy's ``parser`` (kept as ``.parser``) behind a batched numpy scorer; see the module docstring."""

    def __init__(self, parser: DependencyParser, *, batch_size: int = 512) -> None:
        self.parser = parser
        self.batch_size = batch_size
        self._weights: dict[str, Any] | None = None

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=max(batch_size or 0, self.batch_size)):  # type: ignore[no-untyped-call]
            batch = list(batch)
            todo = sorted((d for d in batch if len(d)), key=len)
            if todo:
                self.parser.set_annotations(todo, self._decode(todo))
            yield from batch

    def _tables(self) -> dict[str, Any]:
        if self._weights is None:
            model = self.parser.model
            lower, upper = model.get_ref("lower"), model.get_ref("upper")
            unseen = np.zeros(upper.get_dim("nO"), dtype=bool)
            unseen[list(model.attrs["unseen_classes"])] = True
            self._weights = {"W": np.ascontiguousarray(upper.get_param("W").T),
                             "b": upper.get_param("b").astype(np.float32),
                             "bias": lower.get_param("b").reshape(-1).astype(np.float32),
                             "unseen": np.flatnonzero(unseen)}
        return self._weights

    def _decode(self, docs: list[Doc]) -> list[Any]:
        """Greedy arc-eager decoding of ``docs`` with spaCy's states; returns the final states."""
        w = self._tables()
        model = self.parser.model
        cached = model.get_ref("lower").predict(model.get_ref("tok2vec").predict(docs))
        n1, n_f, n_o, n_p = cached.shape  # row 0: the padding for a missing feature
        rows = cached.reshape(n1, n_f, n_o * n_p)
        ids_of = SimpleNamespace(state2vec=SimpleNamespace(nF=n_f))
        states = self.parser.moves.init_batch(docs)
        active = [s for s in states if not s.is_final()]
        unseen = w["unseen"]
        while active:
            ids = ParserStepModel.get_token_ids(ids_of, active) + 1
            hidden = rows[ids[:, 0], 0]
            for f in range(1, n_f):
                hidden += rows[ids[:, f], f]
            hidden += w["bias"]
            scores = maxout(hidden, n_p) @ w["W"]
            scores += w["b"]
            if len(unseen):
                scores[:, unseen] = scores.min()
            active = cast(list[Any], self.parser.transition_states(active, scores))
        return cast(list[Any], states)
