"""Hand the NLP pass's result to the event coder as one whole-article spaCy ``Doc``.

The parser runs spaCy per line, and only parses the gated sentences; the event coder reads a
``Doc`` of the whole article whose character offsets are the article's. This module rebuilds that
``Doc`` from the :class:`~newsdesk.understand.parsed.Analysis` records, without running any model:
the text between tokens becomes whitespace tokens, a parsed sentence keeps its tags and tree,
every token of an unparsed sentence is its own root (the coder is told which sentences to read),
and the named entities are the parser's names.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .parsed import Analysis, Sentence


def article_doc(analysis: Analysis, vocab: Vocab) -> tuple[Doc, frozenset[int]]:
    """The article as one ``Doc`` (its text is the article's) and the start offsets of parsed sentences."""
    text = analysis.article.text
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    pos = 0
    inside = False

    def gap(upto: int) -> None:
        # Text between tokens: one trailing space rides on the previous token, the rest is a token.
        nonlocal pos
        between = text[pos:upto]
        if not between:
            return
        if between == " " and words and not spaces[-1]:
            spaces[-1] = True
        elif inside and words:  # inside a sentence: hang it on the token before, not a new root
            _add(words, spaces, tags, deps, heads, between, "_SP", "dep", len(words) - 1)
        else:
            _add(words, spaces, tags, deps, heads, between, "_SP", "ROOT", len(words))
        pos = upto

    for sentence in analysis.sentences:
        gap(sentence.tokens[0].start)
        # A gap token may come between two tokens: map each token's own index to its Doc index.
        at: list[int] = []
        inside = sentence.parsed
        for tok in sentence.tokens:
            gap(tok.start)
            at.append(len(words))
            _add(words, spaces, tags, deps, heads, tok.text, tok.tag, "ROOT", len(words))
            pos = tok.end
        if sentence.parsed:
            for tok, i in zip(sentence.tokens, at, strict=True):
                heads[i] = at[tok.head]
                deps[i] = "ROOT" if tok.head == tok.i else (tok.dep or "dep")
        inside = False
    gap(len(text))
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, deps=deps, heads=heads)
    spans = []
    taken = -1
    for name in sorted(analysis.names, key=lambda n: (n.start, -n.end)):
        span = doc.char_span(name.start, name.end, label=name.label)
        if span is not None and span.start > taken:
            spans.append(span)
            taken = span.end - 1
    doc.ents = spans
    return doc, frozenset(s.tokens[0].start for s in analysis.sentences if _parsed(s))


def _parsed(sentence: Sentence) -> bool:
    return sentence.parsed and any(t.dep for t in sentence.tokens)


def _add(words: list[str], spaces: list[bool], tags: list[str], deps: list[str], heads: list[int],
         word: str, tag: str, dep: str, head: int) -> None:
    words.append(word)
    spaces.append(False)
    tags.append(tag)
    deps.append(dep)
    heads.append(head)
