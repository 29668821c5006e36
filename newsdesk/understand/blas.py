"""thinc's matrix products through numpy's BLAS: the same models, about three times faster on x86.

spaCy's CPU models run on thinc's ``NumpyOps``, whose ``gemm`` calls the bundled BLIS. On the
machines newsdesk targets (x86-64 with AVX2) that BLIS build reaches about a quarter of the
speed of the OpenBLAS numpy ships, and the products are most of what spaCy's encoders cost. The
ops below differ from ``NumpyOps`` only in ``gemm``; the weights and the results (to float
rounding) are the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits


class NumpyBlasOps(NumpyOps):  # type: ignore[misc]
    """``NumpyOps`` with ``gemm`` on numpy's ``matmul`` (OpenBLAS) instead of BLIS."""

    name = "numpy_blas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


def use_numpy_blas(nlp: Language) -> None:
    """Switch every model of ``nlp``'s components to :class:`NumpyBlasOps` (CPU models only)."""
    ops = NumpyBlasOps()
    for _, pipe in nlp.components:
        model = getattr(pipe, "model", None)
        if isinstance(model, Model):
            set_ops(model, ops)


def set_ops(model: Model[Any, Any], ops: NumpyOps) -> None:
    """Give ``model`` and all its layers ``ops``, where they run on plain numpy now."""
    for node in model.walk():
        if type(node.ops) is NumpyOps or isinstance(node.ops, NumpyBlasOps):
            node.ops = ops


def single_threaded_blas() -> None:
    """One BLAS thread in this process: worker processes fill the cores already, and OpenBLAS threads
    that wait for a busy core spin (measured: 15% more CPU, 25% more time with 2 workers on 2 cores)."""
    threadpool_limits(1, user_api="blas")
