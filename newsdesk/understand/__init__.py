"""The understand stage: an Article in, the same Article with its entities and quotes out.

Public surface: :class:`Analyzer` (load once per process, then call it or ``pipe`` through it),
and :class:`Analysis`, the per-article result later steps (events, places) read instead of
parsing again.

    analyzer = Analyzer()
    article = analyzer(article)                           # one article
    for article in analyzer.pipe(articles, n_process=2):  # many, on two cores
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language

from ..errors import ConfigError
from ..types import Article
from .entities import resolve_entities
from .frames import Frame, find_frames
from .lexicon import Lexicon
from .nlp import MODEL, Parser, load_model
from .parsed import Analysis, EntityMention, Name, Sentence, Token
from .quotes import find_quotes

__all__ = ["MODEL", "Analysis", "Analyzer", "EntityMention", "Frame", "Lexicon", "Name", "Sentence", "Token"]


class Analyzer:
    """Finds entities and quotes. Construct once per process: it loads the spaCy model.

    ``n_process`` and ``batch_size`` are the defaults of :meth:`pipe`. ``nlp`` and ``lexicon``
    let a caller pass what it has loaded already.
    """

    def __init__(self, model: str = MODEL, *, n_process: int = 1, batch_size: int = 16,
                 nlp: Language | None = None, lexicon: Lexicon | None = None) -> None:
        if n_process < 1 or batch_size < 1:
            raise ConfigError("n_process and batch_size must be at least 1")
        self.model = model
        self.n_process = n_process
        self.batch_size = batch_size
        self.lexicon = lexicon or Lexicon.load()
        self.nlp = nlp or load_model(model)
        self._parser = Parser(self.nlp, self.lexicon.opens_gate)
        self.threshold = self.lexicon.classifier.threshold if self.lexicon.classifier else 0.5

    def __call__(self, article: Article) -> Article:
        return self.understand([article])[0]

    def pipe(self, articles: Iterable[Article], *, batch_size: int | None = None,
             n_process: int | None = None) -> Iterator[Article]:
        """Understand many articles, in batches, in their order; ``n_process`` > 1 uses more cores."""
        size = batch_size or self.batch_size
        procs = n_process or self.n_process
        if procs > 1:
            from .parallel import pipe_parallel

            yield from pipe_parallel(self, articles, batch_size=size, n_process=procs)
            return
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self.understand(batch)
                batch = []
        if batch:
            yield from self.understand(batch)

    def analyze(self, articles: Sequence[Article]) -> list[Analysis]:
        """Run the model over a batch and resolve entities: what every later step reads."""
        out = []
        for parsed in self._parser.parse(articles):
            entities, mentions = resolve_entities(parsed)
            out.append(Analysis(parsed.article, parsed.sentences, parsed.names, entities, mentions))
        return out

    def frames(self, analysis: Analysis) -> list[Frame]:
        """Attribution frames (cue, source, content) of every parsed sentence."""
        return [f for s in analysis.sentences for f in find_frames(s, self.lexicon)]

    def understand(self, articles: Sequence[Article]) -> list[Article]:
        out = []
        for analysis in self.analyze(articles):
            quotes = find_quotes(analysis, self.frames(analysis), self.lexicon, self.threshold)
            out.append(replace(analysis.article, entities=analysis.entities, quotes=quotes))
        return out
