"""Who said what: attribution frames and quotation marks turned into quotes with speakers.

- A frame kept by the cue classifier gives an indirect quote (its content), a direct one when
  its content is what stands in quotation marks, or a mixed one when it is partly quoted. One with
  no quotation mark in its content is kept a little under the threshold (``UNMARKED_SHARE``), and
  'X, according to Y, Z' keeps one side of its cue phrase (:func:`_one_side`).
- A quoted stretch no frame covers takes a cue right next to it ('"...," said Caddell',
  '"..." Fomin said.'), else the frame of its sentence that precedes it (the second half of a
  quote split around its cue), else, when it is a sentence of its own, the speaker of the quote
  just before it ('He declared a "first victory". "We see Turkey as a guarantor."'), else, when it
  opens its line and words follow it there, those words ('"...," the editorial read.'). A name in
  brackets after it is where it comes from ('"..." [WaPo.]').
- An indirect quote that stops inside marks another quote holds stops before that quote, or gives way
  to it when little stands before it, unless the inner cue is seldom a cue; then the outer one runs on
  to the closing mark (:func:`_uncut`). A frame kept under the threshold needs 4+ words of content.
- A content the parse ran across its own cue keeps what stands after it ('what officials called a hate
  crime': :func:`_after_cue`).
- Anything else in quotation marks (a scare-quoted term, a title) is not a quote.
- A verb the lexicon lacks, with a named subject and a "that" clause, gives an indirect quote too
  ('Kasich doesn't pretend that his campaign will continue': :mod:`.cues_open`).
- Where none of these stands, the learned tagger (:mod:`.tagger`) may add an indirect quote.

A direct quote's ``start``/``end`` run from its first opening mark to its last closing mark;
its ``text`` is the quoted words, parts joined by a space, without the cue between them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..types import Quote, Speaker
from .adjacent import adjacent_cue, is_stamp, labelled_lines, sentence_at, speaker_after
from .bounds import bounded
from .colons import headlined
from .cue_features import is_mark
from .cues_open import article_open_frames
from .frames import Frame
from .interviews import interview_quotes
from .lexicon import QUOTE_MARKS, Lexicon
from .marks import Quoted, quoted_spans
from .nlp import paragraphs_of
from .parsed import Analysis, Sentence
from .speakers import antecedents, speaker_for
from .tagger import Tagger, added_quotes

SENTENCE_END = frozenset({".", "!", "?"})
BYLINE = re.compile(r"(?:Posted|Written|Reported|Published|Submitted|Edited|Updated)\b.{0,60}?\bby\b", re.IGNORECASE)
MAX_BYLINE = 120
WRITING = frozenset({"write", "post", "sign", "tweet"})
MAX_ROLE_WORDS = 5
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
MAX_SPEAKER_TOKENS = 9
MIN_QUOTE_WORDS = 4
NEXT_VERB_TAGS = frozenset({"VBD", "VBZ", "VBG"})
# cues whose content is a statement that itself holds the attribution ('issued a statement saying')
CARRIERS = frozenset({"issue", "release", "respond"})
TRAILING_MARKS = ' .,;:!?"\u201d\u2019\''
WEAK_PRIOR = 0.5  # a cue word less often a cue than not
# a quote no cue next to it and no kept frame before it claim goes to the frame whose content holds it
# if that frame has a source and scores this share of the threshold (the first pass asks for 0.6 of it)
LOW_FLOOR = 0.3
# a frame whose content holds no quotation mark is kept at this share of the threshold: the threshold was
# chosen for direct and all-attribution F1 together, and no such frame can be a direct quote's. Chosen by
# 4-fold CV on PolNeAR train (all F1 0.697 -> 0.702 at 0.7, 0.702 at 0.6, 0.701 at 0.5; direct unchanged)
UNMARKED_SHARE = 0.7
# a frame kept under the threshold in that way needs this many words of content: a short one ('celebrated with
# supporters', 'after contemplating it') is mostly no attribution (4-fold CV on PolNeAR train: 117 of the 394
# dropped matched, where 1 in 2.8 pays; all F1 0.7175 -> 0.7188, direct unchanged)
MIN_PLAIN_WORDS = 4
# an indirect quote cut before the quote inside it keeps at least this share of its length, else it goes
MIN_BEFORE_INNER = 0.4
CUT_TRAILING = " ,;:-\u2014\u2013\n"
CUE_CLAUSE_WORDS = 4  # ', which he described as' before it
AROUND_CUE = frozenset({"parenthetical", "hearsay"})  # frames whose content is the clause their cue stands in
CLAUSE_BREAKS = (",", "\u2014", "\u2013")  # what sets a cue clause inside a sentence ('..., the experts said, ...')
MAX_CUE_CLAUSE_WORDS = 12
SPEECH_PRIOR = 0.8  # a nested cue this often an attribution in training ("say", "note") speaks for itself
# cues whose content, where it is only a noun phrase (no verb), was an attribution under 0.36 of the time on the
# 4-fold CV of PolNeAR train (at least 5 such contents each; 0.36 is where a prediction stops paying): 'signed
# CB Michael Lehan', 'passed for 364 yards', 'fired the board', 'released Firefox 3.05', 'issued a raft of updates'
THING_CUES = frozenset({"hit", "sign", "continue", "aim", "introduce", "file", "pass", "enjoy", "vote", "email",
                        "unveil", "reference", "signal", "sue", "publish", "project", "deliver", "write", "focus",
                        "address", "fire", "issue", "appear", "advocate", "decline", "press", "release"})
# what starts a comment on a mixed quote after its last mark ('"encouraged" by the plan — a boost
# for Obama', '"not get beat up" at his rally, a swipe at ...'); cut there on PolNeAR train
TRAILING = (" - ", " \u2014", " -- ", " \u2013 ", ", a ", ", an ", " but ", ", which ", ", while ")


@dataclass
class _Attribution:
    """A quote being assembled (mutable only inside this module)."""

    sentence: int
    cue_at: int | None  # token index of the cue in ``sentence``
    content: tuple[int, int] | None = None  # the frame's content span, chars
    words: tuple[tuple[int, int], ...] = ()  # its word tokens, chars
    parts: list[Quoted] = field(default_factory=list)
    speaker: Speaker | None = None
    cue: str | None = None
    score: float = 1.0
    # quotes that go on from the frame's content, joined to it by :func:`_preceding_frame`
    after: list[Quoted] = field(default_factory=list)
    how: str = ""  # how the frame's content was found (frames.Frame.how)
    holds_subject: bool = False  # frames.Frame.holds_subject


def find_quotes(analysis: Analysis, frames: Sequence[Frame], lexicon: Lexicon, threshold: float = 0.5,
                tagger: Tagger | None = None) -> tuple[Quote, ...]:
    text = analysis.article.text
    sents = analysis.sentences
    starts = [s.start for s in sents]
    quoted = quoted_spans(text, paragraphs_of(analysis.article))
    inside = [(q.start, q.end) for q in quoted]
    marks = _Spans(inside)
    frame_list = [f for f in frames if _usable(sents[f.sentence], f, marks)]
    attrs: dict[tuple[int, int], _Attribution] = {}

    def of_frame(f: Frame) -> _Attribution:
        key = (f.sentence, f.cue)
        if key not in attrs:
            sent = sents[f.sentence]
            spk = None
            if f.source is not None and f.source_span is not None:
                spk = speaker_for(analysis, sent, f.source, f.source_span, inside)
            words = tuple((sent.tokens[i].start, sent.tokens[i].end) for i in f.content)
            attrs[key] = _Attribution(f.sentence, f.cue, _content_span(sent, f), words, speaker=spk, cue=f.lemma,
                                      score=f.probability, how=f.how,
                                      holds_subject=f.holds_subject)
        return attrs[key]

    pending: list[Quoted] = []
    for q in quoted:
        f = _covering_frame(q, frame_list, sents, threshold * 0.6, threshold)
        if f is not None:
            of_frame(f).parts.append(q)
        else:
            pending.append(q)
    for f in frame_list:
        if f.probability >= threshold:
            of_frame(f)
    loose: list[_Attribution] = []
    for q in pending:
        sent = sentence_at(sents, starts, q.start)
        found = adjacent_cue(analysis, q, lexicon, inside, starts)
        if found is not None and (_words(text, q) >= MIN_QUOTE_WORDS or _speechlike(text, q)):
            key = (found.sentence, found.cue_at)
            if key in attrs:
                attrs[key].parts.append(q)
            else:
                attrs[key] = _Attribution(found.sentence, found.cue_at, parts=[q], speaker=found.speaker,
                                          cue=found.cue)
            continue
        if _words(text, q) < MIN_QUOTE_WORDS:
            whole = _whole_sentence(text, sents, starts, q)
            cont = _continued(list(attrs.values()) + loose, q, text) if whole else None
            if cont is not None and cont.parts:
                cont.parts.append(q)  # '"I would," Melanie said. "I would, Donald."'
            continue  # else a scare-quoted term or a title
        # a quote that opens a sentence goes on with the quote before it, before a frame of the sentence the parse
        # put its opening mark in: '"A," said King, who endorsed Rubio. "B."' is what King said, not what he
        # endorsed (4-fold CV on PolNeAR train: all-attribution F1 +0.0006, direct unchanged)
        cont = _continued(list(attrs.values()) + loose, q, text) if _after_full_stop(text, q.start) else None
        if cont is not None:
            cont.parts.append(q)
            continue
        host = _preceding_frame(q, sent, frame_list, attrs)
        if host is not None:
            host.parts.append(q)
            host.after.append(q)
            continue
        low = _covering_frame(q, frame_list, sents, threshold * LOW_FLOOR, threshold)
        if low is not None and low.source is not None:  # 'inviting them ... to "win my engraved shotgun!"'
            of_frame(low).parts.append(q)  # (with no source, a low-scored frame is mostly a title: 'a paper titled')
            continue
        if _stands_alone(text, sents, starts, q):
            cont = _continued(list(attrs.values()) + loose, q, text)
            if cont is not None:
                cont.parts.append(q)  # '"A," he said. "B."' is one quote split around its cue
                continue
            prev = _previous(list(attrs.values()) + loose, q, sents)
            # '"...," the editorial read.' with no cue the parse gives: the words after it speak, before the
            # speaker of the quote before it
            line = _opens_line(text, q) and q.closed and bool(_line_after(text, q.end))
            spk, cue = speaker_after(analysis, q, lexicon, inside, starts) if line else (None, None)
            if prev is not None and prev.speaker is not None and spk is None:
                loose.append(_Attribution(sent.index if sent else 0, None, parts=[q], speaker=prev.speaker))
            elif line:
                loose.append(_Attribution(sent.index if sent else 0, None, parts=[q], speaker=spk, cue=cue))
    # after the quoted stretches found their cues: a frame kept under the threshold hosts none of them, nor
    # does one whose cue the lexicon lacks (cues_open.py: no quotation mark in its content)
    plain = threshold * UNMARKED_SHARE
    for f in article_open_frames(analysis, lexicon, frames):
        if f.probability >= plain and (f.sentence, f.cue) not in attrs and _usable(sents[f.sentence], f, marks):
            of_frame(f)
    for f in frame_list:
        under = plain <= f.probability < threshold
        if under and (f.sentence, f.cue) not in attrs and _unmarked(text, sents[f.sentence], f):
            of_frame(f)
    order = [a for a in list(attrs.values()) + loose
             if a.parts or a.score >= threshold or (a.score >= plain and _content_words(text, a) >= MIN_PLAIN_WORDS)]
    quotes = [_quote(text, a, sents[a.sentence]) for a in order]
    labelled = labelled_lines(analysis)
    # a transcript's 'PATEL: I did not agree with the direction the board wanted' stands with what it quotes
    spoken = _transcript_lines(analysis, labelled)
    quotes = headlined(quotes, labelled, text)  # a headline's 'Gowdy: ...' holds what Gowdy said, not a frame
    quotes += [x for x in labelled if not any(x.start < q.end and q.start < x.end for q in quotes) and x not in spoken]
    seen: set[tuple[int, int]] = set()
    out: list[Quote] = []
    for quote in sorted(quotes, key=lambda x: (x.start, x.end)):
        if (quote.start, quote.end) not in seen and quote.end > quote.start:
            seen.add((quote.start, quote.end))
            out.append(quote)
    kept = _uncut(_unnested(out, lexicon, text, marks), lexicon, text)
    if tagger is not None:  # what the learned tagger finds where no quote stands (tagger.py)
        kept = added_quotes(analysis, frames, kept, lexicon, tagger, threshold, inside)
    kept = tuple(bounded(text, q) for q in kept if not _byline(text, q) and not _by_way_of(q) and not is_stamp(q.text))
    return antecedents(analysis, _with_answers(kept, spoken + interview_quotes(analysis)))


def _transcript_lines(analysis: Analysis, labelled: Sequence[Quote]) -> list[Quote]:
    """The labelled lines that stand with the quotes inside them: a label in capitals ('PATEL:'), or any
    label naming a person where two or more people's labels take turns ('Ortiz: ...', 'Okafor: ...')."""
    text = analysis.article.text
    people = [x for x in labelled if x.speaker is not None and x.speaker.entity is not None
              and analysis.entity(x.speaker.entity).type == "PERSON"]
    turns = len({x.speaker.entity for x in people if x.speaker is not None}) >= 2
    return [x for x in labelled if _transcript(text, x) or (turns and x in people)]


def _transcript(text: str, q: Quote) -> bool:
    """A line under a speaker's label in capitals that names a person of the article ('PATEL:')."""
    spk = q.speaker
    return spk is not None and spk.entity is not None and spk.start is not None and spk.end is not None \
        and text[spk.start:spk.end].isupper()


def _by_way_of(q: Quote) -> bool:
    """'Writing for the majority, Justice Kagan said ...', 'who posts as u/quietnurse': the role or the
    name one writes under, no content."""
    words = q.text.split()
    return q.kind == "indirect" and q.cue in WRITING and len(words) <= MAX_ROLE_WORDS \
        and words[0].lower() in {"for", "as", "under"}


def _byline(text: str, q: Quote) -> bool:
    """A quote whose line is a byline ('Posted by Mike Chen | Updated 3:42 p.m. ET'): nobody said 'Updated'."""
    lo = text.rfind("\n", 0, q.start) + 1
    hi = text.find("\n", q.start)
    line = text[lo:hi if hi >= 0 else len(text)]
    return len(line) <= MAX_BYLINE and BYLINE.match(line) is not None


def _with_answers(quotes: Sequence[Quote], answers: Sequence[Quote]) -> tuple[Quote, ...]:
    """An interview's answers added to the quotes found in them, which stand too ('I think they would have
    been set back'); the first person in an answer is the interviewee."""
    if not answers:
        return tuple(quotes)
    out = list(answers)
    for q in quotes:
        a = next((a for a in answers if a.start <= q.start and q.end <= a.end), None)
        if a is not None and (q.start, q.end) == (a.start, a.end):
            continue
        spk = q.speaker
        if a is not None and a.speaker is not None and spk is not None and spk.entity is None \
                and spk.name.lower() in FIRST_PERSON:
            q = replace(q, speaker=replace(a.speaker, start=spk.start, end=spk.end))
        out.append(q)
    return tuple(sorted(out, key=lambda x: (x.start, x.end)))


def _unnested(quotes: Sequence[Quote], lexicon: Lexicon, text: str, marks: _Spans) -> tuple[Quote, ...]:
    """One attribution where two nest: a quote inside another's content.

    The inner one goes ('Khan said he had asked Alvi to ... call early elections': not "call"), unless
    its cue is a speech verb and another speaker's ('officials said Putin told Macron that ...'); the
    outer one goes when it only carries the inner ('issued a statement saying ...'). On PolNeAR train
    gold keeps one of the two about four times in five. A quote in the cue clause between a direct quote's
    parts, outside its marks, is no part of what it quotes, and both stand (:func:`_unquoted`; 4-fold CV on
    PolNeAR train: all-attribution F1 +0.0004, direct unchanged).
    """
    drop: set[int] = set()
    spans = _Spans([(q.start, q.end) for q in quotes])
    order = sorted(range(len(quotes)), key=lambda k: (quotes[k].start, quotes[k].end))  # spans.spans' order
    for i, q in enumerate(quotes):
        near = sorted(order[j] for j in spans.near(q.start, q.end))
        outer = [k for k in near if k != i and quotes[k].start <= q.start and q.end <= quotes[k].end
                 and quotes[k].end - quotes[k].start > q.end - q.start
                 and not (quotes[k].kind == "direct" and _unquoted(q, marks))]
        if outer:
            k = min(outer, key=lambda k: quotes[k].end - quotes[k].start)
            o = quotes[k]
            if o.cue in CARRIERS or (o.speaker is None and q.speaker is not None):
                drop.add(k)
            elif o.cue == "according to" or lexicon.prior.get(q.cue or "", 0.0) < SPEECH_PRIOR \
                    or _same(o.speaker, q.speaker):
                drop.add(i)
            continue
        # a carrier's content may stop short of the closing mark its mixed quote runs to
        end = q.start + len(text[q.start:q.end].rstrip(TRAILING_MARKS))
        drop.update(k for k in near if k != i and quotes[k].cue in CARRIERS and quotes[k].start <= q.start
                    and end <= quotes[k].end < q.end)
    return tuple(q for i, q in enumerate(quotes) if i not in drop)


def _uncut(quotes: Sequence[Quote], lexicon: Lexicon, text: str) -> tuple[Quote, ...]:
    """An indirect quote that runs into quotation marks another quote holds: one of the two goes. In 'he
    said he expects to leave with a "solid share of the delegates."' the marks are the inner cue's mixed
    quote, and the outer frame's content, which stops inside them, would attribute it a second time. Gold
    keeps one of the two: on PolNeAR train the outer one matches in 44 of 109 such pairs, and the inner one
    then takes the match in 20 of those (direct F1 +0.005, all-attribution F1 +0.0003), so the outer one
    stops before the inner quote ('says he would release his returns on Friday, calling them "very boring"':
    what he says is the release; 4-fold CV on PolNeAR train: all-attribution F1 0.7188 -> 0.7197, direct
    +0.0001), or goes where less than :data:`MIN_BEFORE_INNER` of it stands before it, and an inner cue
    that is no speech verb ("expects") takes the outer speaker: he said it (direct end-to-end F1 +0.003).
    But an inner cue that is less often a cue than not (prior < 0.5: 'is giving them "lectures"') goes
    instead, and the outer quote runs on to its closing mark (direct F1 +0.001)."""
    marked = [i for i, q in enumerate(quotes) if q.kind != "indirect"]
    if not marked:
        return tuple(quotes)
    spans = _Spans([(quotes[k].start, quotes[k].end) for k in marked])
    by_span = sorted(marked, key=lambda k: (quotes[k].start, quotes[k].end))  # spans.spans' order
    drop: set[int] = set()
    speakers: dict[int, Speaker] = {}
    longer: dict[int, int] = {}
    cuts: dict[int, int] = {}
    for i, q in enumerate(quotes):
        if q.kind != "indirect" or not any(c in QUOTE_MARKS for c in q.text):
            continue
        inner = sorted(k for k in (by_span[j] for j in spans.near(q.start, q.end))
                       if quotes[k].start < q.end and q.start < quotes[k].end)
        if not inner:
            continue
        if all(quotes[k].start >= q.start and lexicon.prior.get(quotes[k].cue or "", 0.0) < WEAK_PRIOR
               for k in inner):
            drop.update(inner)
            longer[i] = max(quotes[k].end for k in inner)
            continue
        if q.speaker is not None:
            speakers.update((k, q.speaker) for k in inner
                            if lexicon.prior.get(quotes[k].cue or "", 0.0) < SPEECH_PRIOR)
        cut = _before_inner(text, q, min(quotes[k].start for k in inner))
        if cut is None:
            drop.add(i)
        else:
            cuts[i] = cut
    out: list[Quote] = []
    for i, q in enumerate(quotes):
        if i in drop:
            continue
        if i in cuts:
            q = replace(q, text=" ".join(text[q.start:cuts[i]].split()), end=cuts[i])
        if i in longer and longer[i] > q.end:
            q = replace(q, text=" ".join(text[q.start:longer[i]].split()), end=longer[i], kind="mixed")
        out.append(replace(q, speaker=speakers[i]) if i in speakers else q)
    return tuple(out)


def _before_inner(text: str, q: Quote, inner: int) -> int | None:
    """Where an indirect quote that runs into another quote's marks ends when it stops before that quote (at
    ``inner``), or None when little of it stands before it: in 'he says he would release his returns on Friday,
    calling them "very boring tax returns"' the outer content is what stands before ', calling them': the
    inner cue's clause, a few words after a comma, goes with the quote."""
    head = text[q.start:inner].rstrip(CUT_TRAILING)
    if not head or len(head) < MIN_BEFORE_INNER * (q.end - q.start):
        return None
    comma = head.rfind(", ")
    if comma > 0 and len(head[comma + 1:].split()) <= CUE_CLAUSE_WORDS:
        head = head[:comma]
    return q.start + len(head.rstrip(CUT_TRAILING))


def _unquoted(q: Quote, marks: _Spans) -> bool:
    """Whether a quote shares no character with a quoted stretch: inside a direct quote's span, it stands in
    the cue clause between two of its parts ('"...," said O'Rourke, who suggested that Sanders could pull out
    voters. "..."'), not in what the quote's speaker said."""
    return not any(marks.spans[k][0] < q.end and q.start < marks.spans[k][1] for k in marks.near(q.start, q.end))


def _same(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.entity is not None and b.entity is not None:
        return a.entity == b.entity
    return a.name.lower() == b.name.lower()


class _Spans:
    """Character spans, for 'which of them hold x' without a scan of all (a long text has thousands)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def near(self, lo: int, hi: int) -> Iterator[int]:
        """Indexes of the spans that may overlap ``lo``..``hi`` (a superset: test each)."""
        first = bisect.bisect_left(self.starts, lo - self.longest)
        yield from range(first, bisect.bisect_right(self.starts, hi))

    def strictly_holds(self, x: int) -> bool:
        return any(self.spans[k][0] < x < self.spans[k][1] for k in self.near(x, x))


def _usable(sent: Sentence, f: Frame, marks: _Spans) -> bool:
    """A frame whose cue stands inside quotation marks is quoted speech, not attribution."""
    cue = sent.tokens[f.cue]
    if marks.strictly_holds(cue.start) or _thing(sent, f):
        return False
    return any(any(ch.isalnum() for ch in sent.tokens[i].text) for i in f.content)


def _thing(sent: Sentence, f: Frame) -> bool:
    """A cue of THING_CUES whose content is a thing, not what someone said: no verb, no quotation mark in or
    around it (a quoted title is what was written: '"American Skin (41 Shots)" was written by Springsteen')."""
    toks = sent.tokens
    lo, hi = min(f.content), max(f.content)
    around = [toks[k] for k in (lo - 1, hi + 1) if 0 <= k < len(toks)]
    return f.lemma in THING_CUES and not any(toks[i].tag.startswith("VB") or toks[i].tag == "MD" or is_mark(toks[i])
                                             for i in f.content) and not any(is_mark(t) for t in around)


def _marked(text: str, span: tuple[int, int]) -> bool:
    """Whether a content span holds a quotation mark (then it is a direct or mixed quote's)."""
    return any(c in QUOTE_MARKS for c in text[span[0]:span[1]])


def _unmarked(text: str, sent: Sentence, f: Frame) -> bool:
    return not _marked(text, _content_span(sent, f))


def _content_words(text: str, a: _Attribution) -> int:
    """How many words a frame's content has (punctuation aside)."""
    return sum(1 for s, e in a.words if any(ch.isalnum() for ch in text[s:e]))


def _words(text: str, q: Quoted) -> int:
    a, b = q.inner
    return len(text[a:b].split())


def _speechlike(text: str, q: Quoted) -> bool:
    """'"I would,"': a short quote ending as speech does, not a quoted name or term."""
    a, b = q.inner
    inner = text[a:b].rstrip()
    return q.closed and inner[-1:] in {",", "!", "?"} and inner[:1].isupper()


def _content_span(sent: Sentence, f: Frame) -> tuple[int, int]:
    return sent.tokens[f.content[0]].start, sent.tokens[f.content[-1]].end


def _covering_frame(q: Quoted, frames: Sequence[Frame], sents: Sequence[Sentence], floor: float,
                    threshold: float) -> Frame | None:
    """The frame with the smallest content that holds at least half of the quote, a kept one first:
    in 'told ... that he credits the change to "..."' the quote is what was told, not credited."""
    a, b = q.inner
    best: tuple[Frame, tuple[bool, int]] | None = None
    for f in frames:
        sent = sents[f.sentence]
        if f.probability < floor or sent.end <= a or sent.start >= b:  # its content lies in its sentence
            continue
        s, e = _content_span(sent, f)
        shared = max(0, min(b, e) - max(a, s))
        key = (f.probability < threshold, e - s)
        if shared * 2 >= (b - a) and shared > 0 and (best is None or key < best[1]):
            best = (f, key)
    return best[0] if best else None


def _preceding_frame(q: Quoted, sent: Sentence | None, frames: Sequence[Frame],
                     attrs: dict[tuple[int, int], _Attribution]) -> _Attribution | None:
    """The kept frame of the quote's sentence whose cue comes last before the quote."""
    if sent is None:
        return None
    best: Frame | None = None
    for f in frames:
        before = f.sentence == sent.index and (f.sentence, f.cue) in attrs and sent.tokens[f.cue].end <= q.start
        if before and (best is None or best.cue < f.cue):
            best = f
    return attrs[(best.sentence, best.cue)] if best is not None else None


# a word with 3+ small letters or digits, then a sentence's end: not 'Mr.', 'Sen.', 'U.S.' nor 'Inc.'
FULL_STOP = re.compile(r"\b[A-Za-z]*[a-z0-9]{3,}[.!?][ \t\u00a0]+$")


def _after_full_stop(text: str, pos: int) -> bool:
    """Whether a sentence ends right before ``pos`` on its line ('who endorsed Mr. Rubio on Tuesday. "There
    is ..."'), where the parse may have left the opening mark in that sentence."""
    return FULL_STOP.search(text, max(0, pos - 40), pos) is not None


def _whole_sentence(text: str, sents: Sequence[Sentence], starts: Sequence[int], q: Quoted) -> bool:
    """A short quote that is a sentence of its own, closed after its full stop: '"I would, Donald."'."""
    a, b = q.inner
    sent = sentence_at(sents, starts, q.start)
    lead = text[sent.start:q.start] if sent is not None and sent.start <= q.start else ""
    return q.closed and text[a:b].rstrip()[-1:] in SENTENCE_END and not lead.strip() and text[a:b].strip()[:1].isupper()


def _stands_alone(text: str, sents: Sequence[Sentence], starts: Sequence[int], q: Quoted) -> bool:
    a, b = q.inner
    if len(text[a:b].split()) < MIN_QUOTE_WORDS:
        return False
    sent = sentence_at(sents, starts, q.start)
    lead = text[sent.start:q.start] if sent is not None and sent.start <= q.start else ""
    return not lead.strip() or lead.rstrip().endswith(":")


def _opens_line(text: str, q: Quoted) -> bool:
    """Whether a quote is the first thing on its line."""
    return not text[text.rfind("\n", 0, q.start) + 1:q.start].strip()


def _line_after(text: str, pos: int) -> str:
    """The rest of the line after ``pos``."""
    end = text.find("\n", pos)
    return text[pos:end if end >= 0 else len(text)].strip()


def _continued(attrs: Sequence[_Attribution], q: Quoted, text: str) -> _Attribution | None:
    """The attribution whose quote ``q`` (a sentence of its own) goes on with.

    The last quoted part before it must be on the same line ('"A," he said, smiling. "B."'), or
    be left open at the end of the paragraph before (a quote that runs over paragraphs), or, when ``q``
    is a paragraph of its own, be a quote of 4+ words that ends the paragraph before with its cue
    after it ('"A, B," he said.' and then '"C."': gold takes the two as one quote 34 times in 40 on
    PolNeAR train, where they came out as two; not after a quoted term: 'labeled "medical problem," a
    doctor had typed ...').
    """
    last = max(((p, a) for a in attrs for p in a.parts if p.end <= q.start), key=lambda x: x[0].end, default=None)
    if last is None:
        return None
    p, host = last
    if p.paragraph == q.paragraph and "\n" not in text[p.end:q.start]:
        return host
    if q.paragraph != p.paragraph + 1:
        return None
    if not p.closed:
        return host
    said = host.cue_at is not None and bool(_line_after(text, p.end)) and _words(text, p) >= MIN_QUOTE_WORDS
    alone = _opens_line(text, q) and not _line_after(text, q.end)
    return host if said and alone else None


def _previous(attrs: Sequence[_Attribution], q: Quoted, sents: Sequence[Sentence]) -> _Attribution | None:
    best: _Attribution | None = None
    best_end = -1
    for a in attrs:
        end = max([p.end for p in a.parts] + ([a.content[1]] if a.content else []))
        para = sents[a.sentence].paragraph
        if end <= q.start and q.paragraph - para <= 1 and end > best_end:
            best, best_end = a, end
    return best


# "BRUSSELS (Reuters) - ", "HANOI, Vietnam (AP) — ", "KARACHI: " opening a paragraph: where, not what was said
DATELINE = re.compile(r"[A-Z][A-Z.'\- ]{1,30}(?:, [A-Z][A-Za-z.' ]{1,30})?(?: \([A-Za-z .]{2,20}\))? ?[-—–:] +")


def _past_dateline(text: str, start: int, end: int) -> int:
    """A content's start past the dateline the parse put in it."""
    if start > 0 and text[start - 1] != "\n":
        return start
    m = DATELINE.match(text, start, end)
    return m.end() if m is not None and m.end() < end else start


def _quote(text: str, a: _Attribution, sent: Sentence) -> Quote:
    parts = sorted(a.parts, key=lambda q: q.start)
    if not parts:
        assert a.content is not None
        start, end = a.content
        if a.cue == "according to" and a.cue_at is not None:
            start, end = _one_side(text, a, sent)
        elif _across_cue(a, sent, start, end):
            start, end = _after_cue(text, a, sent)
        start = _past_dateline(text, start, end)
        return Quote(text=" ".join(_without_cue_clause(text, a, sent, start, end).split()), start=start, end=end,
                     kind="indirect", speaker=a.speaker, cue=a.cue)
    if a.content is not None and not _covered(text, a.words, parts) and _within(a.content, parts):
        start, end = min(parts[0].start, a.content[0]), max(parts[-1].end, a.content[1])
        if _across_cue(a, sent, start, parts[0].start):  # 'what he called "sophisticated adversaries"'
            start = min(parts[0].start, _after_cue(text, a, sent)[0])
        if (_closes(text, parts[-1]) or _dash_after(text, parts[-1])) and parts[-1].end < end:
            end = parts[-1].end  # '... that he has "expanded the party," claiming that ...'
        end = _before_comment(text, parts[-1].end, end)
        end = _before_next_verb(sent, parts[-1].end, end)
        # 'too busy to look for it: "I have a lot going on."': what stands after the colon was said
        if end > parts[-1].end or not text[start:parts[0].start].rstrip().endswith(":"):
            words = text[start:end]
            return Quote(text=" ".join(words.split()), start=start, end=end, kind="mixed", speaker=a.speaker,
                         cue=a.cue)
    if a.content is not None and len(parts) == 1 and parts[0] in a.after and a.content[1] <= parts[0].start:
        # 'McConnell says that ..., but instead Obama is giving them "lectures, ..."': the quote finishes
        # the content the parse cut short before it, and gold takes the two as one
        start, end = a.content[0], parts[0].end
        return Quote(text=" ".join(text[start:end].split()), start=start, end=end, kind="mixed", speaker=a.speaker,
                     cue=a.cue)
    start, end = _stretch(parts)
    return Quote(text=joined(text[q.inner[0]:q.inner[1]] for q in parts), start=start, end=end, kind="direct",
                 speaker=a.speaker, cue=a.cue)


def _across_cue(a: _Attribution, sent: Sentence, start: int, end: int) -> bool:
    """Whether the parse ran a frame's content from ``start`` to ``end`` across its own cue (and source):
    'what officials called a hate crime', 'To a standing ovation, Kasich called for the suspension of the deal'.
    A parenthetical cue's content ('The question, she said, is not so cut and dried') and a hearsay adverb's
    ('The group is reportedly spending $1.5 million') are the clause around it."""
    return a.cue_at is not None and a.how not in AROUND_CUE and not a.holds_subject \
        and start < sent.tokens[a.cue_at].start < end


def _after_cue(text: str, a: _Attribution, sent: Sentence) -> tuple[int, int]:
    """The part of a content that stands after its cue where the content runs across it
    (:func:`_across_cue`): 'what officials called a hate crime' is 'a hate crime', what the officials said.
    Gold takes the words before the cue ('what', 'which') apart or leaves them out (4-fold CV on PolNeAR
    train: all-attribution F1 0.7197 -> 0.7220, direct 0.9009 -> 0.9031; dev 0.7408 -> 0.7418, 0.9135 -> 0.9152)."""
    assert a.content is not None and a.cue_at is not None
    at = sent.tokens[a.cue_at].start
    right = [w for w in a.words if w[0] > at and any(ch.isalnum() for ch in text[w[0]:w[1]])]
    return (right[0][0], right[-1][1]) if right else a.content


def _without_cue_clause(text: str, a: _Attribution, sent: Sentence, start: int, end: int) -> str:
    """The words of an indirect quote without the cue clause set inside it between commas or dashes ('The
    family's fortune, the experts said, flowed largely from ...' says 'The family's fortune flowed largely from
    ...'); its span still covers it as written."""
    if a.how != "parenthetical" or a.cue_at is None:
        return text[start:end]
    cue = sent.tokens[a.cue_at]
    first = min(cue.start, a.speaker.start) if a.speaker is not None and a.speaker.start is not None else cue.start
    lo = max(text.rfind(p, start, first) for p in CLAUSE_BREAKS)
    his = [k for k in (text.find(p, cue.end, end) for p in CLAUSE_BREAKS) if k >= 0]
    if lo <= start or not his or len(text[lo:min(his)].split()) > MAX_CUE_CLAUSE_WORDS:
        return text[start:end]
    right = text[min(his) + 1:end].lstrip()
    at = end - len(right)
    nxt = next((t for t in sent.tokens if t.start >= at), None)
    # the clause's verb goes on from its subject ('The question is ...'); after an opener the comma stays
    # ('Now, at least seven ...', 'In fact, the jurors ...')
    joint = " " if nxt is not None and (nxt.tag.startswith("VB") or nxt.tag == "MD") \
        else ", " if text[lo] == "," else f" {text[lo]} "
    return text[start:lo].rstrip() + joint + right


def _one_side(text: str, a: _Attribution, sent: Sentence) -> tuple[int, int]:
    """The content of 'X, according to Y, Z' without its cue phrase: the side that holds the sentence's main
    verb, else the longer ('Osman is believed to have been on the flight, according to an interview his
    brother gave' is not 'Osman ... gave'). The frame's content is the sentence less the phrase, so its span
    ran across it; gold takes one side, or both as two parts where a quote is one span (4-fold CV on PolNeAR
    train: all F1 +0.0007). A content with quotation marks in it stays whole: it is a mixed quote's."""
    assert a.content is not None and a.cue_at is not None
    at = sent.tokens[a.cue_at].start
    words = [w for w in a.words if any(ch.isalnum() for ch in text[w[0]:w[1]])]
    left = [w for w in words if w[1] <= at]
    right = [w for w in words if w[0] > at]
    if not left or not right or _marked(text, a.content):
        return a.content
    lo, hi = (left[0][0], left[-1][1]), (right[0][0], right[-1][1])
    roots = [sent.tokens[r].start for r in sent.roots()]
    if any(lo[0] <= r < lo[1] for r in roots) != any(hi[0] <= r < hi[1] for r in roots):
        return lo if any(lo[0] <= r < lo[1] for r in roots) else hi
    return lo if lo[1] - lo[0] >= hi[1] - hi[0] else hi


def joined(pieces: Iterable[str]) -> str:
    """The words of a quote split by its attribution, as one quote: '"The talks," he said, "were
    useful."' reads "The talks were useful."; a piece that ends its sentence with the comma before
    the cue ends it with a full stop when the next one starts a new sentence ('"We tried," she said.
    "Nobody came."' reads "We tried. Nobody came.")."""
    out = ""
    for piece in filter(None, (" ".join(p.split()) for p in pieces)):
        if out.endswith(",") and piece[:1].isupper():
            out = out[:-1] + "."
        out = f"{out.rstrip(',')} {piece}" if out else piece
    return out.rstrip(",")


def _closes(text: str, q: Quoted) -> bool:
    """Whether a quoted part ends as a clause does, with a comma or a full stop inside its marks."""
    return q.closed and text[q.inner[0]:q.inner[1]].rstrip()[-1:] in {",", ".", "!", "?"}


def _dash_after(text: str, q: Quoted) -> bool:
    """A dash right after a quoted part: what follows comments on the quote ('"..." - a charge')."""
    return q.closed and text[q.end:q.end + 3].lstrip()[:1] in {"-", "\u2014", "\u2013", "\u2015"}


def _before_comment(text: str, pos: int, end: int) -> int:
    """Where a mixed quote's content ends after its last mark (at ``pos``): before a comment on it."""
    return min((k for k in (text.find(d, pos, end) for d in TRAILING) if k >= 0), default=end)


def _before_next_verb(sent: Sentence, pos: int, end: int) -> int:
    """Where a mixed quote's content ends after its last mark (at ``pos``): before a second verb joined
    by "and" ('he found Trump "very charming" and called his standing ...'), which says something else."""
    toks = sent.tokens
    for t in toks[1:-1]:
        if pos <= t.start and t.end <= end and t.lower == "and" and toks[t.i + 1].tag in NEXT_VERB_TAGS:
            return toks[t.i - 1].end
    return end


def _within(content: tuple[int, int], parts: Sequence[Quoted]) -> bool:
    """Whether a quoted part stands inside the frame's content: 'said he was "encouraged" by it'."""
    return any(min(content[1], q.end) - max(content[0], q.start) > (q.end - q.start) // 2 for q in parts)


def _stretch(parts: Sequence[Quoted]) -> tuple[int, int]:
    """Where a split quote stands: first mark to last, unless the words between the parts (a long
    cue clause: '"...," said X, a lawyer who ..., "..."') outweigh the quote; then the run of
    parts that is mostly quote."""
    total = sum(q.end - q.start for q in parts)
    best = (parts[0].start, parts[-1].end)
    best_words = -1
    for i in range(len(parts)):
        for j in range(i, len(parts)):
            quoted = sum(q.end - q.start for q in parts[i:j + 1])
            if quoted * 2 >= max(parts[j].end - parts[i].start, total) and quoted > best_words:
                best, best_words = (parts[i].start, parts[j].end), quoted
    return best


def _covered(text: str, words: Sequence[tuple[int, int]], parts: Sequence[Quoted]) -> bool:
    """Whether all the words of a frame's content stand inside its quoted parts."""
    return all(any(q.start <= s and e <= q.end for q in parts) for s, e in words
               if any(ch.isalnum() for ch in text[s:e]))
