"""The understand stage: an Article in, the same Article with its entities, quotes and events out.

Public surface: :class:`Analyzer` (load once per process, then call it or ``pipe`` through it),
and :class:`Analysis`, the per-article result later steps (events, places) read instead of
parsing again.

    analyzer = Analyzer()
    article = analyzer(article)                           # one article
    for article in analyzer.pipe(articles, n_process=2):  # many, on two cores
        ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language

from ..errors import AnalysisError, ConfigError, NewsdeskError
from ..settings import Settings
from ..types import Article, Entity, Event, Place
from .bridge import article_doc
from .entities import resolve_entities
from .events import EventCoder
from .events_words import might_hold_event
from .frames import Frame, find_frames
from .language import english_enough
from .lexicon import Lexicon
from .nlp import MODEL, Parser, load_model
from .parsed import Analysis, EntityMention, Name, Parsed, Sentence, Token
from .places import Gazetteer, load_gazetteer
from .quotes import find_quotes
from .singles import as_doubles, restored
from .tagger import Tagger
from .timex import parse_published

__all__ = ["MODEL", "Analysis", "Analyzer", "EntityMention", "Frame", "Lexicon", "Name", "Sentence", "Token"]


class Analyzer:
    """Finds entities, quotes and events. Construct once per process: it loads the spaCy model.

    ``n_process`` and ``batch_size`` are the defaults of :meth:`pipe`. ``nlp`` and ``lexicon``
    let a caller pass what it has loaded already. ``events=False`` skips event coding, and with
    it the parse of the sentences that only an event trigger would need. ``max_chars`` (default: the
    ``max_analysis_chars`` setting) is the longest text analysed; a longer one is refused.
    """

    def __init__(self, model: str = MODEL, *, n_process: int = 1, batch_size: int = 16,
                 nlp: Language | None = None, lexicon: Lexicon | None = None,
                 gazetteer: Gazetteer | None = None, events: bool = True, max_chars: int | None = None) -> None:
        if n_process < 1 or batch_size < 1:
            raise ConfigError("n_process and batch_size must be at least 1")
        self.max_chars = max_chars or Settings.load().max_analysis_chars
        self.model = model
        self.n_process = n_process
        self.batch_size = batch_size
        self.events = events
        self.lexicon = lexicon or Lexicon.load()
        self.nlp = nlp or load_model(model)
        self.gazetteer = gazetteer or load_gazetteer()
        self.coder = EventCoder()
        self._parser = Parser(self.nlp, self._gate)
        self.threshold = self.lexicon.classifier.threshold if self.lexicon.classifier else 0.5
        self.tagger = Tagger.load()

    def _gate(self, words: Sequence[str]) -> bool:
        """Whether a sentence needs the parse: it may hold a quote or an event."""
        return self.lexicon.opens_gate(words) or (self.events and might_hold_event(words))

    def __call__(self, article: Article) -> Article:
        return _raised(self.understand([article])[0])

    def pipe(self, articles: Iterable[Article], *, batch_size: int | None = None,
             n_process: int | None = None) -> Iterator[Article]:
        """Understand many articles, in batches, in their order; ``n_process`` > 1 uses more cores.

        Raises the :class:`AnalysisError` of the first article that fails; see :meth:`results`.
        """
        for result in self.results(articles, batch_size=batch_size, n_process=n_process):
            yield _raised(result)

    def results(self, articles: Iterable[Article], *, batch_size: int | None = None,
                n_process: int | None = None) -> Iterator[Article | AnalysisError]:
        """Like :meth:`pipe`, but an article that fails comes out as its error, in its place."""
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
            entities, mentions = resolve_entities(parsed, self.gazetteer.kind_of, self.gazetteer.local)
            out.append(Analysis(parsed.article, parsed.sentences, parsed.names, entities, mentions))
        return out

    def frames(self, analysis: Analysis) -> list[Frame]:
        """Attribution frames (cue, source, content) of every parsed sentence."""
        return [f for s in analysis.sentences for f in find_frames(s, self.lexicon)]

    def understand(self, articles: Sequence[Article]) -> list[Article | AnalysisError]:
        """One batch: the model runs over all of it, then each article is understood on its own.

        An article the English model cannot read (see :func:`.language.english_enough`) comes back as it
        came, with no entities, quotes or events: what it would find there is noise ("Finanzbereich"
        as a person), which would pollute search filters, watches and stories.
        """
        too_long = {i: AnalysisError(f"a text of {len(a.text)} characters (at most {self.max_chars}: "
                                     "max_analysis_chars)", input=a.id)
                    for i, a in enumerate(articles) if len(a.text) > self.max_chars}
        if too_long:  # refused before the model reads any of it: its time and memory grow with the text
            rest = iter(self.understand([a for i, a in enumerate(articles) if i not in too_long]))
            return [too_long[i] if i in too_long else next(rest) for i in range(len(articles))]
        english = [english_enough(a.text) for a in articles]
        readable = [a for a, ok in zip(articles, english, strict=True) if ok]
        converted = [as_doubles(a) for a in readable]  # British 'single marks' read as double ones
        read = [a for a, _ in converted]
        try:
            results = [self._understand(parsed) for parsed in self._parser.parse(read)]
        except Exception:  # the model failed on one of them: parse each alone to find which
            results = [self._alone(a) for a in read]
        done = iter([r if back is None or isinstance(r, AnalysisError) else restored(r, original, back)
                     for r, original, (_, back) in zip(results, readable, converted, strict=True)])
        return [next(done) if ok else a for a, ok in zip(articles, english, strict=True)]

    def _alone(self, article: Article) -> Article | AnalysisError:
        """One article through the model on its own, so that one the model cannot read costs only itself."""
        try:
            [parsed] = self._parser.parse([article])
        except NewsdeskError as exc:
            return AnalysisError(exc.reason, input=exc.input or article.id)
        except Exception as exc:  # spaCy's own errors, translated here
            return AnalysisError(f"the language model failed on it ({type(exc).__name__}: {exc})", input=article.id)
        return self._understand(parsed)

    def _understand(self, parsed: Parsed) -> Article | AnalysisError:
        article = parsed.article
        try:
            entities, mentions = resolve_entities(parsed, self.gazetteer.kind_of, self.gazetteer.local)
            analysis = Analysis(article, parsed.sentences, parsed.names, entities, mentions)
            quotes = find_quotes(analysis, self.frames(analysis), self.lexicon, self.threshold, self.tagger)
            entities = locate_places(entities, self.gazetteer, article.text)
            events = self._events(analysis, entities) if self.events else ()
        except NewsdeskError as exc:
            return AnalysisError(exc.reason, input=exc.input or article.id)
        except Exception as exc:  # a bug on one article must not cost the others in its batch
            return AnalysisError(f"internal error in the understand stage ({type(exc).__name__}: {exc})",
                                 input=article.id)
        return replace(article, entities=entities, quotes=quotes, events=events)

    def _events(self, analysis: Analysis, entities: Sequence[Entity]) -> tuple[Event, ...]:
        doc, sentences = article_doc(analysis, self.nlp.vocab)
        return self.coder.code(doc, analysis.article.text, entities, parse_published(analysis.article.published),
                               self.gazetteer, sentences)


def _raised(result: Article | AnalysisError) -> Article:
    if isinstance(result, AnalysisError):
        raise result
    return result


def locate_places(entities: Sequence[Entity], gazetteer: Gazetteer, text: str = "") -> tuple[Entity, ...]:
    """Places with coordinates; a city is looked for first in the countries the article names.

    With the article's ``text``, a place the text qualifies by a country or region ("Paris,
    Tennessee", "Perth, Scotland", "London, Ontario") is looked for there only, and a name a
    region shares with a country reads as the region where its words say so ("Georgia Gov.",
    "the state of Georgia", "Atlanta, Georgia")."""
    fixed = _qualified_places(entities, gazetteer, text) if text else {}
    names = [e.name for e in entities if e.type in ("PLACE", "GROUP") and e.id not in fixed]
    # "the British Environment Agency", "the UK Environment Agency": a body's country is the story's too, after theirs
    names += [e.name.split()[0] for e in entities if e.type == "ORG" and " " in e.name
              and gazetteer.kind_of(e.name.split()[0]) in ("country", "nationality")]
    countries = gazetteer.countries_in(names)
    out = []
    for e in entities:
        if e.type == "PLACE" and e.place is None:
            e = replace(e, place=fixed[e.id] if e.id in fixed else gazetteer.geocode(e.name, countries))
        out.append(e)
    return tuple(out)


# after a region's name, words only a region takes (AP's "Gov.", a state's parties and patrol)
_REGION_AFTER = re.compile(r"\s+(?:Gov\.|Sen\.|Rep\.|Lt\. Gov\.|Attorney General\b|[Ss]tate\b|Republicans?\b|"
                           r"Democrats?\b|Democratic\b|GOP\b)")
_REGION_BEFORE = re.compile(r"\b(?:[Ss]tate of|U\.S\. state of)\s+$")
_QUALIFIER = re.compile(r",\s*")


def _qualified_places(entities: Sequence[Entity], gazetteer: Gazetteer, text: str) -> dict[str, Place | None]:
    """The places whose reading the words around a mention fix: entity id -> its place (None: no
    city of that name in the gazetteer there, which beats a namesake's pin)."""
    places = [e for e in entities if e.type == "PLACE"]
    starts = {m.start: e for e in places for m in e.mentions}
    fixed: dict[str, Place | None] = {}
    for e in places:
        region = gazetteer.region_namesake(e.name)
        for m in e.mentions:
            after = _QUALIFIER.match(text, m.end)
            qual = starts.get(after.end()) if after else None
            if region is not None:
                if e.id not in fixed and (_REGION_AFTER.match(text, m.end)
                                          or _REGION_BEFORE.search(text, max(0, m.start - 20), m.start)):
                    fixed[e.id] = region.place
                continue  # "Georgia, Florida and Alabama": a region is no city of another
            if qual is None or qual.id == e.id or e.id in fixed or not gazetteer.is_area(qual.name):
                continue
            if gazetteer.kind_of(e.name) == "country" and not gazetteer.is_region(qual.name):
                continue  # "Lebanon, Syria and Jordan": a list of countries
            found = gazetteer.within(e.name, qual.name)
            fixed[e.id] = found.place if found is not None else None
            shared = gazetteer.region_namesake(qual.name)
            if found is not None and shared is not None and qual.id not in fixed \
                    and found.place.country == shared.place.country:
                fixed[qual.id] = shared.place  # "Atlanta, Georgia": the state
    return fixed
