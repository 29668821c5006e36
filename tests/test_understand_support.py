"""What the understand tests share: a text as an article, analysed; the names an analysed text gives one
entity type, with the words of each mention; and its quotes, each with its speaker's name."""

from __future__ import annotations

from newsdesk.types import Article, Entity, Quote, paragraph_spans
from newsdesk.understand import Analyzer
from newsdesk.understand.parsed import Sentence, Token


def text_article(text: str, published: str | None = None) -> Article:
    """``text`` as an article of its own (id "t", no title), its paragraphs marked; ``published`` its date."""
    return Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text), published=published)


def analysed(analyzer: Analyzer, text: str, published: str | None = None) -> Article:
    return analyzer(text_article(text, published))


def entity(article: Article, name: str) -> Entity:
    """The first entity of ``article`` with that name; where there is none, the test fails naming those there are."""
    found = [e for e in article.entities if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in article.entities]}"
    return found[0]


def entity_types(analyzer: Analyzer, text: str, published: str | None = None) -> dict[str, str]:
    """Each entity of ``text`` analysed: its name and its type."""
    return {e.name: e.type for e in analysed(analyzer, text, published).entities}


def typed_mentions(analyzer: Analyzer, text: str, kind: str) -> dict[str, list[str]]:
    """Each ``kind`` entity (PERSON, ORG, ...) of ``text`` analysed: its name and its mentions' words."""
    article = analysed(analyzer, text)
    return {e.name: [m.text for m in e.mentions] for e in article.entities if e.type == kind}


def quotes_of(analyzer: Analyzer, text: str) -> tuple[Quote, ...]:
    return analysed(analyzer, text).quotes


def speakers_in(article: Article) -> list[tuple[str | None, str]]:
    """Each quote of ``article``, in order: its speaker's name (None where it has none) and its words."""
    return [(q.speaker.name if q.speaker else None, q.text) for q in article.quotes]


def speakers(analyzer: Analyzer, text: str) -> list[tuple[str | None, str]]:
    """:func:`speakers_in` of ``text`` analysed."""
    return speakers_in(analysed(analyzer, text))


def speaker_by_quote(analyzer: Analyzer, text: str) -> dict[str, str | None]:
    """The words of each quote of ``text`` analysed, and its speaker's name (None where it has none)."""
    return {words: name for name, words in speakers(analyzer, text)}


def said(analyzer: Analyzer, text: str) -> list[tuple[str | None, str, str | None]]:
    """Each quote of ``text`` analysed, in order: its speaker's name, its words and its cue's lemma."""
    return [(q.speaker.name if q.speaker else None, q.text, q.cue) for q in analysed(analyzer, text).quotes]


def parsed(words: list[tuple[str, str, str, int]]) -> Sentence:
    """A parsed sentence from (text, tag, dep, head) per token, the words one space apart."""
    starts, pos = [], 0
    for text, *_ in words:
        starts.append(pos)
        pos += len(text) + 1
    children: list[list[int]] = [[] for _ in words]
    for k, (_, _, _, head) in enumerate(words):
        if head != k:
            children[head].append(k)
    tokens = tuple(Token(k, starts[k], starts[k] + len(text), text, tag, dep, head, tuple(children[k]))
                   for k, (text, tag, dep, head) in enumerate(words))
    return Sentence(0, 0, 0, tokens[-1].end, tokens, True)
