"""Teacher labels: en_core_web_sm's entities on every line of the training and held-out texts.

Two teacher regimes, saved as spaCy DocBins (build/ner/SPLIT.REGIME.spacy):
  prod  senter then ner on ``nlp.make_doc`` docs, exactly what newsdesk's first pass runs
        (understand/nlp.py): the reference the fast recogniser replaces, and its training labels.
        The student is trained behind the same frozen senter, so every label is reachable (an
        entity never crosses a senter boundary);
  full  the whole sm pipeline (tok2vec, tagger, parser, ner; sentence boundaries from the parser),
        as a naive stack runs it: held-out only, to show how much sm's ner itself moves with the
        sentence splitter. (Trained on, its entities that cross a senter boundary make spacy train
        stop with E024.)

The teacher runs on numpy's BLAS with the vectorised decoder (understand/blas.py, fastner.py),
which give sm's own entities (bench/ner.py checks that) in a third of the time.

    .venv/bin/python scripts/ner/label.py [--splits train,dev,heldout-polnear,heldout-pages]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import corpus

from newsdesk.understand.blas import use_numpy_blas
from newsdesk.understand.fastner import FastEntityRecognizer

ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", default="train,dev,heldout-polnear,heldout-pages")
    ap.add_argument("--regimes", default="full,prod")
    args = ap.parse_args()
    corpus.BUILD.mkdir(parents=True, exist_ok=True)
    nlp = spacy.load(corpus.TEACHER, exclude=["lemmatizer", "attribute_ruler"])
    nlp.enable_pipe("senter")
    use_numpy_blas(nlp)
    fast = FastEntityRecognizer(nlp.get_pipe("ner"))  # type: ignore[arg-type]
    pipes = {"full": ["tok2vec", "tagger", "parser", "ner"], "prod": ["senter", "ner"]}
    data = corpus.splits()
    for split in args.splits.split(","):
        texts = [(i, line) for i, text in data[split] for line in corpus.lines(text)]
        for regime in args.regimes.split(","):
            if regime == "full" and split in ("train", "dev"):
                continue  # training labels come from the production regime
            t0 = time.perf_counter()
            docs = (nlp.make_doc(t) for _, t in texts)
            for name in pipes[regime]:
                pipe = fast if name == "ner" else nlp.get_pipe(name)
                docs = pipe.pipe(docs, batch_size=256)  # type: ignore[attr-defined]
            db = DocBin(attrs=ATTRS)
            n_ents = 0
            for doc in docs:
                db.add(doc)
                n_ents += len(doc.ents)
            db.to_disk(corpus.BUILD / f"{split}.{regime}.spacy")
            print(f"{split}.{regime}: {len(texts)} docs, {n_ents} ents, {time.perf_counter() - t0:.0f}s", flush=True)
        (corpus.BUILD / f"{split}.ids.json").write_text(json.dumps([i for i, _ in texts]))


if __name__ == "__main__":
    main()
