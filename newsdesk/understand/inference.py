"""Inference forwards for thinc's ``Maxout`` and ``LayerNorm`` layers: the same outputs, less work.

spaCy's encoders are stacks of maxout layers, each followed by a layer norm. At inference thinc
still does what training needs: ``ops.maxout`` records which piece won for every unit (an int32
array the size of the output), and the layer norm's ``x.var`` computes the mean a second time and
``x - mu`` twice. On the 91 benchmark pages those two cost as much as a third of the encoders'
matrix products. The forwards below compute the same arrays (the same operations in the same
order, so bit for bit; ``tests/test_inference.py`` checks it) without the bookkeeping; a training
call (``is_train=True``) goes to thinc's own forward.

The embedding of a token (``MultiHashEmbed``: its hashed attributes, their sum, a maxout and a layer
norm) depends on its attributes alone, and a batch repeats them ("the", ",", "said"): each distinct
row is embedded once and copied to its tokens. Every step is row by row, and on the Intel machines
measured numpy's BLAS gives a row the same product in any matrix of at least a few rows, so the result
is the same to the bit there. OpenBLAS's kernels on an AMD EPYC (session 26's machine) make a row's
product depend on the matrix's shape: the embeddings then differ from thinc's in their last bits
(at most 2e-6), which can change a decision of the models only on an exact tie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from thinc.api import Model

Forward = Callable[[Model[Any, Any], Any, bool], tuple[Any, Callable[[Any], Any]]]


def _no_backprop(_: Any) -> Any:
    raise NotImplementedError("an inference forward has no backward pass")


def _maxout(model: Model[Any, Any], x: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    n_o, n_p, n_i = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    weights: Any = model.get_param("W")
    bias: Any = model.get_param("b")
    y: Any = model.ops.gemm(x, weights.reshape(n_o * n_p, n_i), trans2=True)
    y += bias.reshape(n_o * n_p)
    return maxout(y, n_p), _no_backprop


def maxout(y: Any, n_p: int) -> Any:
    """The largest of each unit's ``n_p`` pieces (adjacent columns of ``y``), pairwise in place:
    ``np.maximum.reduce`` over a list would first copy the pieces into one array."""
    if n_p == 1:
        return y
    best = np.maximum(y[:, 0::n_p], y[:, 1::n_p])
    for p in range(2, n_p):
        np.maximum(best, y[:, p::n_p], out=best)
    return best


def _layernorm(model: Model[Any, Any], x: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    # numpy's var is sum((x - mean(x))**2) / n, divided as numpy does (by an intp, unsafe cast);
    # the centred x is computed once here and reused
    centred = x - x.mean(axis=1, keepdims=True)
    var = np.add.reduce(centred * centred, axis=1, keepdims=True)
    np.true_divide(var, np.intp(x.shape[1]), out=var, casting="unsafe")
    var += 1e-08
    centred *= var ** (-1.0 / 2.0)
    centred *= model.get_param("G")
    centred += model.get_param("b")
    return centred, _no_backprop


# OpenBLAS multiplies a matrix of up to 4 rows on another path, which may round a row differently: below
# this many rows (all of the batch's, or its distinct ones) the embedding is computed as thinc does.
_MIN_ROWS = 16


def _embed(model: Model[Any, Any], docs: Any, is_train: bool, *, slow: Forward) -> tuple[Any, Callable[[Any], Any]]:
    """``MultiHashEmbed`` (features >> list2ragged >> embeddings >> maxout >> ragged2list), once per
    distinct row of features; ``slow`` is thinc's forward."""
    features, _, embeddings, mixer, _ = model.layers
    found = features.predict(docs)
    lengths = [len(f) for f in found]
    rows = np.concatenate(found) if found else None
    if rows is None or len(rows) < _MIN_ROWS:
        return slow(model, docs, is_train)
    distinct, inverse = _distinct(rows)
    if len(distinct) < _MIN_ROWS:
        return slow(model, docs, is_train)
    vectors = mixer.layers[0].predict(embeddings.layers[0].predict(distinct))[inverse.reshape(-1)]
    return np.split(vectors, np.cumsum(lengths)[:-1]), _no_backprop


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _distinct(rows: Any) -> tuple[Any, Any]:
    """The distinct rows of a 2-d uint64 array, and each row's index among them. The rows are hashed to
    one column (``np.unique`` over whole rows sorts them as records: 30 times slower), and checked."""
    key = rows[:, 0].copy()
    for column in range(1, rows.shape[1]):
        key *= _MIX
        key ^= rows[:, column]
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if (rows[first][inverse] == rows).all():
        return rows[first], inverse
    return np.unique(rows, axis=0, return_inverse=True)  # two rows share a hash


def _is_hash_embed(node: Model[Any, Any]) -> bool:
    names = [layer.name for layer in node.layers]
    return node.name.startswith("extract_features>>") and len(names) == 5 and names[0] == "extract_features" \
        and names[1] == "list2ragged" and names[2].startswith("with_array(") and "hashembed" in names[2] \
        and names[3] == "with_array(maxout>>layernorm>>dropout)" and names[4] == "ragged2list"


FAST: dict[str, Forward] = {"maxout": _maxout, "layernorm": _layernorm}


def _dispatch(fast: Forward, slow: Forward) -> Forward:
    def forward(model: Model[Any, Any], x: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
        return (slow if is_train else fast)(model, x, is_train)

    forward.inference = True  # type: ignore[attr-defined]
    return forward


def use_inference_forwards(model: Model[Any, Any]) -> int:
    """Give every maxout and layer-norm layer and every hash embedding of ``model`` its inference forward;
    returns how many."""
    done = 0
    for node in model.walk():
        if _is_hash_embed(node) and not getattr(node._func, "inference", False):
            node._func = _dispatch(functools.partial(_embed, slow=node._func), node._func)
            done += 1
            continue
        fast = FAST.get(node.name)
        if fast is not None and not getattr(node._func, "inference", False) \
                and node.has_param("W" if node.name == "maxout" else "G"):
            node._func = _dispatch(fast, node._func)
            done += 1
    return done
