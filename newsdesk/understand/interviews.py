"""Interviews: who answers in a Q&A, and who a transcript's label in capitals is.

- 'Q: ...' / 'A: ...' lines (also 'Q.', 'Question:', 'Answer:', 'INTERVIEWER:'), and questions standing
  as lines of their own ('**How did the staff respond?**'), after an opening that says interview ('In an
  interview with The Times, Dr. Anil Mehta ...'; an explainer's Q&A is the writer's): each answer line,
  and each unlabelled line after it up to the next question, is a quote of the interviewee (what it
  quotes stands too); a question is no quote.
- The interviewee is the first person the opening names who is not the one asking ('anchor Dana
  Whitfield', 'our correspondent').
- 'WHITFIELD:', 'SEN. REYES:': a transcript's label names the person of the article of that last name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Entity, Quote, QuoteKind, Speaker
from .lexicon import QUOTE_MARKS
from .parsed import Analysis

QA_LABEL = re.compile(r"(?:\*\*)?(Q|A|Question|Answer|QUESTION|ANSWER|INTERVIEWER|Interviewer)(?:\*\*)?\s*[:.]"
                      r"(?:\*\*)?\s+(?=\S)")
ASKS = frozenset({"q", "question", "interviewer"})
ANSWERS = frozenset({"a", "answer"})
# what an opening says when questions and answers follow it
INTERVIEW = re.compile(r"\b(?:interview|interviewed|spoke (?:with|to)|talked (?:with|to)|sat down with|Q&A|"
                       r"conversation with|questions? (?:from|by)|edited for (?:length|clarity|brevity))\b",
                       re.IGNORECASE)
MAX_QUESTION_WORDS = 40
MIN_QUESTIONS = 2
QUESTION_SHARE = 4  # a Q&A asks again at least every fourth line after its first question
# titles of the one who asks, not answers
ASKER_ROLES = frozenset({"anchor", "host", "reporter", "correspondent", "interviewer", "journalist", "editor",
                         "columnist", "presenter", "moderator", "writer"})
# a transcript's speaker label opening a line ('WHITFIELD: ...', 'SEN. REYES: ...', 'Ortiz: ...'): the label
# says who speaks each line (adjacent.labelled_lines), so its questions make no Q&A of one interviewee
SPEAKER_LABEL = re.compile(r"[*_]*([A-Z][A-Z.'\- ]{1,40}|[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,2})[*_]*:\s")
HONORIFIC = re.compile(r"^(?:MR|MRS|MS|DR|SEN|REP|GOV|GEN|PROF|SENATOR|GOVERNOR|PRESIDENT|MAYOR)\.?\s+")
MARKUP = "*_ \t"
ROLE_CHARS, ROLE_WORDS = 40, 2  # how far before a name its role may be written ('Channel 5 anchor Dana Whitfield')


@dataclass(frozen=True)
class _Line:
    start: int  # where its words start, after any label
    end: int
    label: tuple[int, int] | None  # the Q/A label's offsets
    asks: bool  # a question


def interview_quotes(analysis: Analysis) -> list[Quote]:
    """The answers of a Q&A as quotes of the interviewee (none where the text is no Q&A)."""
    text = analysis.article.text
    lines = _labelled(text) or _questions(text)
    if not lines:
        return []
    opening = next(ln.start for ln in lines if ln.asks or ln.label is not None)
    if not INTERVIEW.search(text[:opening]):
        return []  # an explainer's 'Q: What is a recession? A: ...' answers in the writer's voice
    who = _interviewee(analysis, opening)
    out: list[Quote] = []
    answering = False
    for ln in lines:
        if ln.asks:  # after 'Q: ...' the next 'A:' answers; after a question of its own, the next line
            answering = ln.label is None
            continue
        answering = answering or ln.label is not None
        if not answering or ln.start >= ln.end:
            continue
        speaker = None
        if who is not None:
            at = ln.label or (who.mentions[0].start, who.mentions[0].end)
            speaker = Speaker(who.name, who.id, at[0], at[1])
        words = text[ln.start:ln.end]  # a transcript's line unmarked is 'indirect', as labelled_lines has it
        kind: QuoteKind = "mixed" if any(c in QUOTE_MARKS for c in words) else "indirect"
        out.append(Quote(" ".join(words.split()), ln.start, ln.end, kind, speaker, None))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of ``text``, as offsets without surrounding white space."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            out.append((lo, hi))
    return out


def _labelled(text: str) -> list[_Line]:
    """'Q: ...' and 'A: ...' lines, with the lines around them; none unless both kinds stand."""
    out: list[_Line] = []
    kinds: set[bool] = set()
    for lo, hi in _lines(text):
        m = QA_LABEL.match(text, lo, hi)
        if m is None:
            out.append(_Line(lo, hi, None, False))
            continue
        asks = m.group(1).lower() in ASKS
        kinds.add(asks)
        out.append(_Line(m.end(), _unbold_end(text, m.end(), hi), (m.start(1), m.end(1)), asks))
    return out if kinds == {True, False} else []


def _questions(text: str) -> list[_Line]:
    """Questions standing as lines of their own, the lines after each its answer: at least two such
    questions, each answered, and asked often enough."""
    spans = _lines(text)
    asks = [_question(text, lo, hi) for lo, hi in spans]
    marks = [k for k, a in enumerate(asks) if a]
    if any(_speaker_label(text, *spans[k]) for k in marks):
        return []  # a transcript: each line's label says who speaks it
    if len(marks) < MIN_QUESTIONS or any(k + 1 >= len(spans) or asks[k + 1] for k in marks) \
            or len(marks) * QUESTION_SHARE < len(spans) - marks[0]:
        return []  # a report's rhetorical question or two ('Why had he asserted ...?') makes no Q&A
    return [_Line(lo, hi, None, a) for (lo, hi), a in zip(spans, asks, strict=True)]


def _speaker_label(text: str, lo: int, hi: int) -> bool:
    """Whether a line opens with a transcript's speaker label ('WHITFIELD:', 'Ortiz:'), not a Q&A's
    ('QUESTION:', 'Q:')."""
    m = SPEAKER_LABEL.match(text, lo, hi)
    return m is not None and m.group(1).strip().lower() not in ASKS | ANSWERS


def _question(text: str, lo: int, hi: int) -> bool:
    line = text[lo:hi].strip(MARKUP)
    return line.endswith("?") and len(line.split()) <= MAX_QUESTION_WORDS and line[:1].isalpha()


def _unbold_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1] in MARKUP:
        hi -= 1
    return hi


def _interviewee(analysis: Analysis, before: int) -> Entity | None:
    """The first person named before ``before`` who is not the one asking."""
    seen: set[str] = set()
    for m in analysis.mentions:
        if m.start >= before:
            break
        ent = analysis.entity(m.entity)
        if ent.type != "PERSON" or ent.id in seen:
            continue
        seen.add(ent.id)
        # the role in the entity's titles, or written just before its first mention ('radio host Maya Ortiz')
        words = [w for t in ent.titles for w in t.replace("'s", " ").split()]
        words += analysis.article.text[max(0, m.start - ROLE_CHARS):m.start].split()[-ROLE_WORDS:]
        if not any(w.strip(".,'").lower() in ASKER_ROLES for w in words):
            return ent
    return None


def label_person(entities: Sequence[Entity], label: str) -> Entity | None:
    """The one person whose last name a transcript's label in capitals is ('SEN. REYES' for Tom Reyes)."""
    name = HONORIFIC.sub("", label.strip()).strip()
    if not name.isupper() or not name.replace(" ", "").replace("-", "").replace("'", "").isalpha():
        return None
    found = [e for e in entities if e.type == "PERSON" and
             (e.name.upper() == name or e.name.split()[-1].upper() == name)]
    return found[0] if len({e.id for e in found}) == 1 else None
