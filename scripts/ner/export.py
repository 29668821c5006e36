"""Export a trained student's ``ner`` as the directory newsdesk ships (and fastner.py loads).

    .venv/bin/python scripts/ner/export.py build/ner/a64/model-best newsdesk/understand/models/ner

Writes DEST/config.cfg (just the component's config, under [ner]) and DEST/ner/ (cfg, moves and
model weights; no vocabulary: the component runs inside sm's pipeline and uses its vocabulary).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy
from thinc.api import Config


def export(src: Path, dest: Path) -> None:
    nlp = spacy.load(src)
    ner = nlp.get_pipe("ner")
    config = Config({"ner": nlp.config["components"]["ner"]})
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    config.to_disk(dest / "config.cfg")
    ner.to_disk(dest / "ner", exclude=["vocab"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path, help="a pipeline trained by spacy train (e.g. build/ner/a64/model-best)")
    ap.add_argument("dest", type=Path)
    args = ap.parse_args()
    export(args.src, args.dest)
    for path in sorted(args.dest.rglob("*")):
        if path.is_file():
            print(f"{path.stat().st_size:>10,}  {path}")


if __name__ == "__main__":
    main()
