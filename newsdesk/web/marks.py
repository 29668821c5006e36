"""An article's text as HTML with its quotes and entity mentions marked; every piece of text escaped.

Article text is hostile input: it only ever reaches the page through :func:`markupsafe.escape`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..types import Article, Span


@dataclass(frozen=True)
class Mark:
    """A marked stretch of text: ``tag`` opens at ``start`` and closes at ``end``."""

    start: int
    end: int
    tag: str  # an opening tag made here from escaped values
    close: str
    outer: bool  # quotes enclose mentions


def _disjoint(marks: list[Mark]) -> list[Mark]:
    """Keep marks that do not overlap one kept before (longest first at the same start)."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.end > mark.start and (not kept or mark.start >= kept[-1].end):
            kept.append(mark)
    return kept


def article_marks(article: Article) -> list[Mark]:
    quotes = []
    for quote in article.quotes:
        who = quote.speaker.name if quote.speaker else "unknown speaker"
        label = escape(f"{quote.kind} quote: {who}")
        quotes.append(Mark(quote.start, quote.end, f'<mark class="quote quote-{escape(quote.kind)}" title="{label}">',
                           "</mark>", True))
    quotes = _disjoint(quotes)
    mentions = []
    for entity in article.entities:
        kind = escape(entity.type.lower())
        title = escape(f"{entity.type.title()}: {entity.name}")
        for mention in entity.mentions:
            mentions.append(Mark(mention.start, mention.end, f'<span class="ent ent-{kind}" title="{title}">',
                                 "</span>", False))
    # a mention that straddles a quote's edge would break the nesting: drop it
    inside_ok = [m for m in mentions if all((q.start <= m.start and m.end <= q.end) or m.end <= q.start
                                            or m.start >= q.end for q in quotes)]
    return quotes + _disjoint(inside_ok)


def marked_html(text: str, span: Span, marks: list[Mark]) -> Markup:
    """The HTML of ``text[span]`` with the marks inside it (clipped to it)."""
    opens: dict[int, list[Mark]] = {}
    closes: dict[int, list[Mark]] = {}
    for mark in marks:
        start, end = max(mark.start, span.start), min(mark.end, span.end)
        if start < end:
            clipped = Mark(start, end, mark.tag, mark.close, mark.outer)
            opens.setdefault(start, []).append(clipped)
            closes.setdefault(end, []).append(clipped)
    cuts = sorted({span.start, span.end, *opens, *closes})
    parts: list[str] = []
    for here, nxt in zip(cuts, [*cuts[1:], span.end], strict=True):
        parts.extend(m.close for m in sorted(closes.get(here, []), key=lambda m: m.outer))  # inner first
        parts.extend(m.tag for m in sorted(opens.get(here, []), key=lambda m: not m.outer))  # outer first
        if nxt > here:
            parts.append(str(escape(text[here:nxt])))
    return Markup("".join(parts))


def paragraphs_html(article: Article) -> list[Markup]:
    """Each paragraph of the article as marked HTML."""
    spans = list(article.paragraphs) or [Span(0, len(article.text))]
    marks = article_marks(article)
    return [marked_html(article.text, span, marks) for span in spans]
