"""Inference forwards of maxout and layer norm give thinc's own outputs, bit for bit; the deduplicated hash
embedding gives them within float32 rounding (see newsdesk/understand/inference.py)."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import LayerNorm, Maxout, Model, chain

from newsdesk.understand.blas import NumpyBlasOps
from newsdesk.understand.inference import use_inference_forwards
from newsdesk.understand.nlp import load_model


def layers(n_i: int, n_o: int, n_p: int, seed: int) -> tuple[Model, np.ndarray]:  # type: ignore[type-arg]
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((3000, n_i)) * 3).astype(np.float32)
    model: Model = chain(Maxout(n_o, n_i, nP=n_p), LayerNorm(n_o))  # type: ignore[type-arg]
    model.initialize(X=x)
    for node in model.walk():
        node.ops = NumpyBlasOps()
        for name in node.param_names:
            node.set_param(name, rng.standard_normal(node.get_param(name).shape).astype(np.float32))
    return model, x


@pytest.mark.parametrize(("n_i", "n_o", "n_p"), [(288, 96, 3), (96, 64, 2), (50, 20, 1)])
def test_inference_forwards_are_thincs_to_the_bit(n_i: int, n_o: int, n_p: int) -> None:
    model, x = layers(n_i, n_o, n_p, seed=n_i)
    want = model.predict(x)
    assert use_inference_forwards(model) == 2
    got = model.predict(x)
    assert got.dtype == want.dtype and np.array_equal(got, want)
    assert use_inference_forwards(model) == 0  # applied once


def test_training_still_gets_thincs_forward_and_backward() -> None:
    model, x = layers(96, 64, 2, seed=7)
    use_inference_forwards(model)
    y, backprop = model.begin_update(x)
    assert backprop(np.ones_like(y)).shape == x.shape


def test_the_loaded_pipeline_runs_inference_forwards() -> None:
    nlp = load_model()
    nodes = [n for _, pipe in nlp.components if isinstance(getattr(pipe, "model", None), Model)
             for n in pipe.model.walk() if n.name in ("maxout", "layernorm")]
    assert len(nodes) > 10 and all(getattr(n._func, "inference", False) for n in nodes)


def _hash_embedding(nlp: object, pipe: str) -> Model:  # type: ignore[type-arg]
    model = nlp.get_pipe(pipe).model  # type: ignore[attr-defined]
    return next(n for n in model.walk() if n.name.startswith("extract_features>>") and n.name.endswith("ragged2list"))


def _chained(embed: Model, docs: list) -> list:  # type: ignore[type-arg]
    """What thinc's chain forward gives: each layer on the whole batch in turn (training's path would drop out)."""
    out = docs
    for layer in embed.layers:
        out = layer.predict(out)
    return out


TEXTS = ["The minister said the talks would go on, and the talks went on.",
         "“We will not go back,” the minister said on Tuesday in Kyiv.", "Yes.", "No, no, no."]


@pytest.mark.parametrize("pipe", ["ner", "tok2vec", "senter"])
def test_hash_embedding_runs_once_per_distinct_row(pipe: str) -> None:
    """The same embeddings as thinc's chain: to the bit where the BLAS kernel's product of a row does not
    depend on the matrix's shape (Intel), within float32 rounding where it does (OpenBLAS on an AMD EPYC)."""
    nlp = load_model()
    embed = _hash_embedding(nlp, pipe)
    docs = [nlp.make_doc(t) for t in TEXTS * 3]
    want = _chained(embed, docs)
    seen: list[int] = []
    hashed = next(n for n in embed.walk() if n.name == "hashembed")
    forward = hashed._func
    hashed._func = lambda model, ids, is_train: (seen.append(len(ids)), forward(model, ids, is_train))[1]
    got = embed.predict(docs)
    assert len(got) == len(want)
    assert all(g.dtype == w.dtype and np.allclose(g, w, rtol=1e-5, atol=1e-5) for g, w in zip(got, want, strict=True))
    tokens = sum(len(d) for d in docs)
    assert seen and seen[0] < tokens / 2  # "the", "talks", "," and the repeated texts embedded once
    few = [nlp.make_doc("Yes.")]  # fewer rows than BLAS multiplies on its main path: thinc's own forward
    assert np.array_equal(embed.predict(few)[0], _chained(embed, few)[0])


def test_distinct_rows_survive_a_hash_collision(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.understand import inference

    rows = np.array([[1, 7], [2, 7], [1, 7], [3, 8]], dtype=np.uint64)
    monkeypatch.setattr(inference, "_MIX", np.uint64(0))  # every key is the last column: rows 0, 1 and 2 collide
    distinct, inverse = inference._distinct(rows)
    assert np.array_equal(distinct[inverse], rows) and len(distinct) == 3
