"""Shared by the bench scripts: where the benchmark data is, and the official scorers."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BENCH = SHARED / "bench"


def scorer(name: str) -> ModuleType:
    """Import ../shared/bench/score_<name>.py as a module (it is not a package)."""
    path = BENCH / f"score_{name}.py"
    spec = importlib.util.spec_from_file_location(f"score_{name}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"missing scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
