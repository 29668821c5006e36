"""Inference forwards of maxout and layer norm give thinc's own outputs, bit for bit."""

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
