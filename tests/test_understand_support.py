"""What the understand tests share: the names an analysed text gives one entity type, with the
words of each mention."""

from __future__ import annotations

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer


def typed_mentions(analyzer: Analyzer, text: str, kind: str) -> dict[str, list[str]]:
    """Each ``kind`` entity (PERSON, ORG, ...) of ``text`` analysed: its name and its mentions' words."""
    article = analyzer(Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text)))
    return {e.name: [m.text for m in e.mentions] for e in article.entities if e.type == kind}
