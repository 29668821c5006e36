"""The batched parser scorer gives spaCy's own trees (heads, labels, sentence starts)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.language import Language
from spacy.pipeline import DependencyParser
from spacy.tokens import Doc

from newsdesk.understand.fastparse import FastParser
from newsdesk.understand.nlp import MODEL, load_model


@pytest.fixture(scope="module")
def teacher() -> Language:
    """en_core_web_sm's encoder, tagger and parser as spaCy runs them (BLIS, spaCy's own decoder)."""
    return spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler", "ner", "senter"])


@pytest.fixture(scope="module")
def ours() -> Language:
    return load_model()


def trees(docs: list[Doc]) -> list[list[list[int]]]:
    return [d.to_array([HEAD, DEP, SENT_START]).astype(np.int64).tolist() for d in docs]


def encoded(nlp: Language, texts: list[str]) -> list[Doc]:
    docs = [nlp.make_doc(t) for t in texts]
    for name in ("tok2vec", "tagger"):
        docs = list(nlp.get_pipe(name).pipe(docs))  # type: ignore[attr-defined]
    return docs


def test_batched_scorer_gives_spacys_trees(teacher: Language, ours: Language, example_page: Path) -> None:
    texts = [x.strip() for x in example_page.read_text(encoding="utf-8").split("\n") if x.strip()]
    texts += ["", "Yes.", "\u201cWe will not give up,\u201d he said. \u201cNever.\u201d Then he left."]
    gold = trees(list(teacher.pipe(texts)))
    fast = FastParser(ours.get_pipe("parser"))  # type: ignore[arg-type]
    got = trees(list(fast.pipe(encoded(ours, texts))))
    assert sum(len(t) for t in gold) > 400
    assert got == gold
    # batches of any size (the docs are sorted by length inside each) give the same trees
    small = FastParser(ours.get_pipe("parser"), batch_size=3)  # type: ignore[arg-type]
    assert trees(list(small.pipe(encoded(ours, texts)))) == gold


def test_labels_are_spacys_after_deprojectivising(ours: Language) -> None:
    parser = ours.get_pipe("parser")
    assert isinstance(parser, DependencyParser)
    doc = next(FastParser(parser).pipe(encoded(ours, ["Russia said it would cut its activity near Kyiv."])))
    assert {t.dep_ for t in doc} <= set(parser.labels)
    assert doc[1].dep_ == "ROOT" and doc[0].dep_ == "nsubj"
