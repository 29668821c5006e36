"""Cues written right next to a quotation, for quotes the parse did not tie to a frame.

'"...," Fomin said.'  '"...," said Caddell, a pollster.'  'Clinton, at a press gaggle, said, "..."'
'Caddell continued: "..."'  '"..." ― Jorge Falcon' (a name after a dash, as under a reader quote).
The source is the cue's subject in the parse; where the sentence was not parsed, the words
between the quote and the cue, if they can be a name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..types import Quote, QuoteKind, Speaker
from .colons import headline_label
from .frames import np_span, source_of
from .interviews import ASKS, label_person
from .lexicon import QUOTE_MARKS, Lexicon
from .marks import Quoted
from .parsed import Analysis, Sentence, Token
from .speakers import speaker_for

SENTENCE_END = frozenset({".", "!", "?"})
DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-", "--"})
DASH_CHARS = "\u2015\u2014\u2013-"
MAX_SPEAKER_TOKENS = 12
MIN_PRIOR = 0.4
# after a quote that ends as speech does ('"...," Toomey fumed'), any verb of these tags is its cue
SPOKEN_TAGS = frozenset({"VBD", "VBZ", "VBP"})
TITLE_BEFORE = frozenset({"of", "on", "in", "the", "a", "an", "at", "for", "from", "to", "by", "with", "about"})


@dataclass(frozen=True)
class Found:
    sentence: int
    cue_at: int  # token index of the cue (or the dash) in ``sentence``
    speaker: Speaker
    cue: str | None


def sentence_at(sents: Sequence[Sentence], starts: Sequence[int], pos: int) -> Sentence | None:
    """The sentence holding character ``pos`` (the last one starting at or before it)."""
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return sents[0] if sents else None
    return sents[k]


def adjacent_cue(analysis: Analysis, q: Quoted, lexicon: Lexicon, inside: Sequence[tuple[int, int]],
                 starts: Sequence[int]) -> Found | None:
    """The cue written next to quote ``q``; ``starts`` are the sentences' first characters (once per document)."""
    sents = analysis.sentences
    if q.closed and not _named_thing(analysis.article.text, q.start):
        sent = sentence_at(sents, starts, q.end)
        if sent is not None and not any(t.start >= q.end for t in sent.tokens) and sent.index + 1 < len(sents):
            nxt = sents[sent.index + 1]
            same_line = nxt.paragraph == q.paragraph and "\n" not in analysis.article.text[q.end:nxt.start]
            sent = nxt if same_line else None
        found = _cue_after(analysis, sent, q.end, lexicon, inside) if sent is not None else None
        found = found or _dash_name(analysis, q.end, inside, starts) or _credited(analysis, q, inside, starts)
        if found is not None:
            return found
    sent = sentence_at(sents, starts, max(0, q.start - 1))
    if sent is None:
        return None
    return _cue_before(analysis, sent, q.start, lexicon, inside)


def _named_thing(text: str, start: int) -> bool:
    """A quote right after 'of', 'on', 'the' ... names a show or a title: 'On an episode of "The
    Steve Harvey Morning Show," the former secretary said ...'."""
    words = text[max(0, start - 12):start].split()
    if not words:
        return False
    # 'on CNN’s “State of the Union,” ...': a title in capitals after a possessive names a show
    return words[-1] in TITLE_BEFORE or (words[-1].endswith(("'s", "\u2019s")) and _titled(text, start))


def _titled(text: str, start: int) -> bool:
    """Whether the quote at ``start`` reads as a title: up to 8 words, each capitalised but the small ones."""
    end = start + 1
    while end < len(text) and text[end] not in QUOTE_MARKS and text[end] != "\n":
        end += 1
    words = re.findall(r"[\w'\u2019-]+", text[start + 1:end])
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_BEFORE
                                       for w in words)


def _is_cue(tok: Token, sent: Sentence, lexicon: Lexicon, spoken: bool = False) -> str | None:
    lemma = lexicon.lemma(tok.text)
    if spoken and sent.parsed and tok.tag in SPOKEN_TAGS and not _has_object(sent, tok):
        return lemma or tok.lower
    if lemma is None or lexicon.prior.get(lemma, 0.0) < MIN_PRIOR or (sent.parsed and not tok.is_verb):
        return None
    return lemma


def _cue_after(analysis: Analysis, sent: Sentence, pos: int, lexicon: Lexicon,
               inside: Sequence[tuple[int, int]]) -> Found | None:
    toks = sent.tokens
    j = next((t.i for t in toks if t.start >= pos), None)
    if j is None:
        return None
    text = analysis.article.text
    inner = text[:pos].rstrip()[:-1].rstrip()  # the quote's words, up to its closing mark
    spoken = inner[-1:] in {",", "?", "!"}
    while j < len(toks) and toks[j].text in {","} | DASHES:
        j += 1
    for k in range(j, min(len(toks), j + MAX_SPEAKER_TOKENS + 1)):
        t = toks[k]
        if t.text in SENTENCE_END or any(c in QUOTE_MARKS for c in t.text):
            return None
        lemma = _is_cue(t, sent, lexicon, spoken)
        if lemma is None:
            continue
        src = source_of(sent, t) if sent.parsed else None
        if sent.parsed and src is None and _misparsed_modifier(sent, t, j):
            # '"...," the 38-year-old told reporters': the parse made the cue a modifier of its object;
            # the words before it are its source, as in an unparsed sentence
            span, head = (j, k - 1), k - 1
        elif sent.parsed:
            if src is None or not (j <= src[0] < k or k < src[0] <= k + MAX_SPEAKER_TOKENS):
                return None
            head, span = src
            if _relative(sent, t, head):
                return _by_antecedent(analysis, sent, t, head, lemma, inside)
        elif k > j:  # '"...," Fomin said'
            span = (j, k - 1)
            head = k - 1
        else:  # '"...," said Caddell'
            end = k + 1
            while end < len(toks) and not toks[end].is_punct and end - k <= MAX_SPEAKER_TOKENS:
                end += 1
            if end == k + 1:
                return None
            span, head = (k + 1, end - 1), end - 1
        if not _nameish(sent, span) or (sent.start >= pos and not _bare(sent, k)):
            return None
        return Found(sent.index, k, speaker_for(analysis, sent, head, span, inside), lemma)
    return None


def _misparsed_modifier(sent: Sentence, cue: Token, first: int) -> bool:
    """A past-tense cue the parse hung as a modifier on the noun after it ('the 38-year-old told[amod]
    reporters'), with words before it to be its source."""
    return cue.tag == "VBD" and cue.dep == "amod" and cue.i > first and cue.head > cue.i


def _relative(sent: Sentence, cue: Token, head: int) -> bool:
    """Whether the cue's source is a relative pronoun ('Rikkie Wells who tweeted, "..."')."""
    return sent.tokens[head].tag in {"WP", "WDT"} and cue.dep == "relcl" and cue.head != cue.i


def _by_antecedent(analysis: Analysis, sent: Sentence, cue: Token, pronoun: int, lemma: str,
                   inside: Sequence[tuple[int, int]]) -> Found | None:
    """'a tweet from Rikkie Wells who tweeted, "..."', 'a message that said, "..."': the noun the relative
    clause hangs on names the speaker, who keeps the pronoun's offsets (the source's own words)."""
    lo, hi = np_span(sent, cue.head)
    span = (lo, min(hi, pronoun - 1)) if pronoun > lo else (lo, hi)
    if not _nameish(sent, span):
        return None
    tok = sent.tokens[pronoun]
    speaker = speaker_for(analysis, sent, cue.head, span, inside)
    return Found(sent.index, cue.i, replace(speaker, start=tok.start, end=tok.end), lemma)


def _has_object(sent: Sentence, tok: Token) -> bool:
    """Whether a verb has an object or a clause of its own: then it is not the quote's cue."""
    return any(sent.tokens[c].dep in {"dobj", "ccomp", "xcomp"} and c > tok.i for c in tok.children)


def _bare(sent: Sentence, k: int) -> bool:
    """Whether cue ``k``, opening a sentence after a quote, has no content of its own: 'Fomin said.',
    not 'Russia insisted that Pyongyang ...' nor 'To which she said, "..."'."""
    toks = sent.tokens
    if any(c in QUOTE_MARKS for t in toks[k + 1:] for c in t.text):
        return False
    return not sent.parsed or not any(toks[c].dep in {"ccomp", "xcomp"} and c > k for c in toks[k].children)


def _cue_before(analysis: Analysis, sent: Sentence, pos: int, lexicon: Lexicon,
                inside: Sequence[tuple[int, int]]) -> Found | None:
    toks = sent.tokens
    before = [t for t in toks if t.end <= pos]
    if len(before) < 2 or before[-1].text not in {",", ":"}:
        return None
    cue = before[-2]
    lemma = _is_cue(cue, sent, lexicon)
    if lemma is None and cue.lower == "it" and len(before) > 2 and before[-3].lower in {"put", "puts"}:
        cue, lemma = before[-3], "put"  # 'As The Post's Dana Milbank puts it, "..."'
    if lemma is None and before[-1].text == ":" and sent.parsed:
        # 'Sen. McCaskill scolded him: "..."': the verb of the clause the colon closes
        cue = toks[cue.head] if not cue.is_verb else cue
        while cue.head != cue.i and not cue.is_verb:
            cue = toks[cue.head]
        lemma = cue.text.lower() if cue.is_verb else None
    if lemma is None:
        return None
    if sent.parsed:
        src = source_of(sent, cue)
        if src is None or src[0] > cue.i:
            return None
        head, span = src
        if _relative(sent, cue, head):
            return _by_antecedent(analysis, sent, cue, head, lemma, inside)
    else:
        lo = k = cue.i - 1
        while lo > 0 and k - lo < MAX_SPEAKER_TOKENS and not toks[lo - 1].is_punct:
            lo -= 1
        if k < 0:
            return None
        head, span = k, (lo, k)
    if not _nameish(sent, span):
        return None
    return Found(sent.index, cue.i, speaker_for(analysis, sent, head, span, inside), lemma)


def _dash_name(analysis: Analysis, pos: int, inside: Sequence[tuple[int, int]], starts: Sequence[int]) -> Found | None:
    """'"..." ― Jorge Falcon': a person's name alone after a dash, up to the end of the line.

    Read on the characters: the dash may be glued to the closing mark ('...”― Pamela Padilla')
    and the name may stand in the next sentence."""
    text = analysis.article.text
    k = pos
    while k < len(text) and text[k] in " \t\u00a0":
        k += 1
    if text[k:k + 1] == "\n":  # or on the line after a quote that closes its paragraph ('- Bernie Sanders.')
        while k < len(text) and text[k].isspace():
            k += 1
    if k >= len(text) or text[k] not in DASH_CHARS:
        return None
    while k < len(text) and text[k] in DASH_CHARS:
        k += 1
    sents = analysis.sentences
    sent = sentence_at(sents, starts, k)
    if sent is None:
        return None
    names = []
    for t in sent.tokens:
        if t.start < k:
            continue  # the dash, or the mark glued to it
        if "\n" in text[k:t.start] or t.text in SENTENCE_END or t.text == ",":
            break  # '-Michelle Marks, Philadelphia.': the name ends at its comma
        names.append(t)
    if not names or len(names) > 5 or not all(t.text[:1].isupper() or t.text in {".", "-"} for t in names):
        return None
    return _named(analysis, sent, names, inside)


def _named(analysis: Analysis, sent: Sentence, names: Sequence[Token], inside: Sequence[tuple[int, int]]) -> Found:
    """The tokens ``names`` of ``sent`` as a quote's source, with no cue: a signature, a credit."""
    span = (names[0].i, names[-1].i)
    return Found(sent.index, names[0].i, speaker_for(analysis, sent, names[-1].i, span, inside), None)


CREDIT = re.compile(r"[ \t\u00a0]*\[([A-Z][\w&.' -]{0,30}?)\.?\][ \t\u00a0]*(?:\n|$)")


def _credited(analysis: Analysis, q: Quoted, inside: Sequence[tuple[int, int]], starts: Sequence[int]) -> Found | None:
    """'... “It’s about creating agency for communities.” [HuffPost.]': a quoted excerpt that ends its line
    with the name of the outlet it comes from in brackets (as newsletters credit their links)."""
    text = analysis.article.text
    m = CREDIT.match(text, q.end)
    if m is None or len(m.group(1).split()) > 4 or len(text[q.inner_start:q.inner_end].split()) < 4:
        return None
    sents = analysis.sentences
    sent = sentence_at(sents, starts, m.start(1))
    names = [t for t in sent.tokens if m.start(1) <= t.start and t.end <= m.end(1)] if sent is not None else []
    if sent is None or not names:
        return None
    return _named(analysis, sent, names, inside)


def _nameish(sent: Sentence, span: tuple[int, int]) -> bool:
    """Whether tokens ``span`` can name a source: a noun or pronoun in them, and no verb."""
    toks = sent.tokens[span[0]:span[1] + 1]
    if not toks or len(toks) > MAX_SPEAKER_TOKENS + 8:
        return False
    if not sent.parsed:
        return any(t.text[:1].isupper() or t.lower in {"he", "she", "they", "we", "i"} for t in toks)
    return any(t.tag.startswith(("NN", "PRP")) for t in toks)


# a transcript quoted a paragraph at a time opens each paragraph with a mark: '"WALLACE: Governor, ...'
LABEL = re.compile(r"^[\"\u201c]?([^:\n\"\u201c\u201d]{2,40}): +(?=\S)", re.MULTILINE)
# a page's time stamp ('PUBLISHED: WEDNESDAY, MARCH 13, 2013, 12: 38 AM', 'Posted Oct 26, 2011 8:57 AM CDT'): the
# words a stamp is made of (a time zone in capitals); a line of nothing else, with a number, is no one's words
STAMP_WORD = re.compile(
    r"\d+(?:st|nd|rd|th)?|[A-Z]{1,3}T|UTC|(?i:[ap]\.?m\.?|at|on|of|the|updated|posted|published|created|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)")


def labelled_lines(analysis: Analysis) -> list[Quote]:
    """'Graham: Trump's rhetoric is destroying the party's chance.' and 'WALLACE: But, Governor ...':
    a line that opens with a person's or an organisation's name (or a speaker label in capitals)
    and a colon is what that speaker said, to the end of the line."""
    text = analysis.article.text
    out: list[Quote] = []
    for m in LABEL.finditer(text):
        label = m.group(1).strip()
        words = label.split()
        if not words or len(words) > 5 or not all(w[:1].isupper() for w in words):
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        content = text[m.end():end].rstrip()
        if len(content.split()) < 4 or is_stamp(content):
            continue
        name, entity = _label_speaker(analysis, m.start(1), m.start(1) + len(label), label)
        if name is None:
            continue
        kind: QuoteKind = "mixed" if any(c in QUOTE_MARKS for c in content) else "indirect"
        out.append(Quote(" ".join(content.split()), m.end(), m.end() + len(content), kind,
                         Speaker(name, entity, m.start(1), m.start(1) + len(label)), None))
    head = headline_label(analysis)  # a headline's looser label: 'Poll: ...', 'Dr. Ben Carson: ...' (colons.py)
    if head is not None and not any(q.start < head.end for q in out):
        out.insert(0, head)
    return out


def is_stamp(content: str) -> bool:
    """Whether a line is only a date and time ('WEDNESDAY, MARCH 13, 2013, 12: 38 AM')."""
    words = re.findall(r"[\w.]+", content)
    return any(ch.isdigit() for ch in content) \
        and all(STAMP_WORD.fullmatch(w.rstrip(".") if not w.endswith("m.") else w) for w in words)


def _label_speaker(analysis: Analysis, start: int, end: int, label: str) -> tuple[str | None, str | None]:
    """The entity a label names (a person or an organisation, the whole label), or the label itself
    when it is written in capitals as a transcript's speaker."""
    if label.strip("*").lower() in ASKS | {"a", "answer", "q&a"}:
        return None, None  # an interview's 'QUESTION:', a headline's 'Q&A:': interviews.py says who answers
    for mention in analysis.mentions:
        if mention.start <= start and end <= mention.end + 1 and mention.end > start:
            ent = analysis.entity(mention.entity)
            if ent.type in {"PERSON", "ORG"}:
                return ent.name, ent.id
            if ent.type == "PLACE":
                return None, None  # "NEW DELHI: Prime Minister ...": a dateline, no speaker
    if label.isupper() and any(ch.isalpha() for ch in label):
        person = label_person(analysis.entities, label)  # 'WHITFIELD:' for the anchor Dana Whitfield
        return (person.name, person.id) if person is not None else (label, None)
    return None, None


def speaker_after(analysis: Analysis, q: Quoted, lexicon: Lexicon, inside: Sequence[tuple[int, int]],
                  starts: Sequence[int]) -> tuple[Speaker | None, str | None]:
    """The words right after a quote, up to the first verb or comma, as its speaker where the parse gives no
    cue there: '"...," the editorial read.' ("read" parsed as a noun: the cue, when the lexicon knows it),
    '"...," Cruz, who has proposed ..., said at the time'. Returns the speaker and the cue."""
    text = analysis.article.text
    sents = analysis.sentences
    sent = sentence_at(sents, starts, q.end)
    if sent is None:
        return None, None
    if not any(t.start >= q.end for t in sent.tokens) and sent.index + 1 < len(sents):
        sent = sents[sent.index + 1]
    names: list[Token] = []
    for t in sent.tokens:
        if t.start < q.end:
            continue
        if "\n" in text[q.end:t.start] or t.is_punct or any(c in QUOTE_MARKS for c in t.text) \
                or (names and t.is_verb):
            break
        names.append(t)
    cue = lexicon.lemma(names[-1].text) if len(names) > 1 else None
    if cue is not None:
        names.pop()
    if not names or len(names) > MAX_SPEAKER_TOKENS or not (names[0].lower in {"the", "a", "an"} or any(
            t.tag.startswith(("NN", "PRP")) or t.text[:1].isupper() for t in names)):
        return None, cue
    head = next((t for t in reversed(names) if t.tag.startswith(("NN", "PRP"))), names[-1])
    return speaker_for(analysis, sent, head.i, (names[0].i, names[-1].i), inside), cue
