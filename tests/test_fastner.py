"""The fast NLP path: numpy-BLAS ops and the vectorised entity decoder give spaCy's own results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

from newsdesk.errors import ConfigError
from newsdesk.understand.blas import NumpyBlasOps
from newsdesk.understand.fastner import FastEntityRecognizer, add_fast_ner
from newsdesk.understand.nlp import MODEL, load_model

Ents = set[tuple[int, int, int, str]]


@pytest.fixture(scope="module")
def teacher() -> Language:
    """en_core_web_sm as spaCy runs it by default (BLIS products, spaCy's own decoder)."""
    nlp = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler", "tagger", "parser"])
    nlp.enable_pipe("senter")
    return nlp


def lines(text: str) -> list[str]:
    return [x.strip() for x in text.split("\n") if x.strip()]


def sentenced(nlp: Language, texts: list[str]) -> list[Doc]:
    return list(nlp.get_pipe("senter").pipe(nlp.make_doc(t) for t in texts))  # type: ignore[attr-defined]


def ents(docs: list[Doc]) -> Ents:
    return {(i, e.start, e.end, e.label_) for i, d in enumerate(docs) for e in d.ents}


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True), (True, True)])
def test_blas_gemm_is_thincs_gemm(trans1: bool, trans2: bool) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((7, 5) if not trans1 else (5, 7)).astype("f")
    y = rng.standard_normal((5, 3) if not trans2 else (3, 5)).astype("f")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = NumpyBlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.dtype == np.float32 and got.shape == (7, 3)
    assert np.allclose(got, want, atol=1e-5)
    out = np.zeros((7, 3), dtype="f")
    assert NumpyBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    assert np.allclose(out, want, atol=1e-5)


def test_vectorised_decoder_finds_spacys_own_entities(teacher: Language, example_page: Path) -> None:
    texts = lines(example_page.read_text(encoding="utf-8"))
    docs = sentenced(teacher, texts)
    gold = ents(list(teacher.get_pipe("ner").pipe([d.copy() for d in docs])))  # type: ignore[attr-defined]
    fast = load_model(ner="sm")  # same weights, numpy BLAS, decoded in numpy
    ours = FastEntityRecognizer(fast.get_pipe("ner"))  # type: ignore[arg-type]
    pred = ents(list(ours.pipe([d.copy() for d in docs])))
    assert len(gold) > 50
    assert pred == gold


def test_decoder_keeps_entities_a_doc_already_has(teacher: Language) -> None:
    doc = teacher.get_pipe("senter")(teacher.make_doc("Vladimir Putin met Recep Tayyip Erdogan in Istanbul."))
    doc.set_ents([doc.char_span(0, 14, label="ORG")])  # type: ignore[list-item]
    FastEntityRecognizer(teacher.get_pipe("ner"))(doc)  # type: ignore[arg-type]
    assert (doc.ents[0].text, doc.ents[0].label_) == ("Vladimir Putin", "ORG")
    assert "Istanbul" in {e.text for e in doc.ents}


def test_bad_recogniser_choices_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown entity recogniser"):
        load_model(ner="large")
    with pytest.raises(ConfigError, match="missing or broken"):
        add_fast_ner(spacy.blank("en"), path=tmp_path)
