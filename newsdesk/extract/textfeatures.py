"""Language-neutral features of the lines of a plain-text page dump, for the learned line classifier.

A dump is what "select all, copy" of a rendered page gives: one line per rendered block, blank lines
between some blocks. Every feature here is about a line's shape (length, punctuation, case, digits),
its stop-word density in the page's own language, its position, its repetition in the page and its
neighbours, so that one model serves every language that has a stop list.

Three feature sets feed three small linear models (see ``textdump.py``): ``line_features``
(pass 1, from the text alone), ``context_features`` (pass 2, stacked on the pass-1 scores around
each line) and ``title_features`` (which line is the headline).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .language import detect_language, stopwords
from .media import video_caption

WORD = re.compile(r"\w+")
# Scripts written without spaces between words: a run of them counts one word per two characters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?。！？…।؟][\"'”’»)\]]*(?:\s|$)")
_END_CHARS = ".!?。！？…।؟"
_CLOSERS = "\"'”’»)]*"
_CLAUSE_MARKS = re.compile(r"[,;，、،;]")
_SEPARATORS = re.compile(r"[|•·»›>/]|\s[-–—]\s")
_LINKISH = re.compile(r"https?://|www\.|@|©|\.(?:com|org|net)\b", re.IGNORECASE)
_COUNT_SUFFIX = re.compile(r"\(\d+\)\s*$")
_DIGITS = re.compile(r"\d")
_DIGIT_RUNS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]")
_UPPER_START = re.compile(r"[^\W\d_]")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d\d(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_INVISIBLE = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Line:
    """One non-empty line of a dump and the shape facts every feature set draws on."""

    text: str
    block: int  # index of its blank-line-separated block
    words: float  # \w+ tokens, unspaced scripts counted at two characters a word
    tokens: tuple[str, ...]
    content: frozenset[str]  # lower-cased tokens that are not stop words or numbers
    ends_sentence: bool
    ends_colon: bool
    sentences: int
    clauses: int
    caps: float  # share of cased words that start upper case
    upper: bool  # no lower-case letter, three letters or more
    lower_start: bool
    symbol_start: bool
    digits: float  # share of digits among word characters
    stop: float  # share of tokens in the page language's stop list
    separators: int
    linkish: bool
    count_suffix: bool
    video: bool
    # How the renderer left the line: inline whitespace kept at its ends, no-break spaces inside.
    lead_space: bool
    trail_space: bool
    nbsp: bool


def split_lines(text: str) -> list[tuple[str, int, str]]:
    """The non-empty lines, stripped, each with the index of its blank-line-separated block and the raw line."""
    found: list[tuple[str, int, str]] = []
    block = 0
    for raw in text.splitlines():
        line = raw.strip().strip(_INVISIBLE).strip()
        if line:
            found.append((line, block, raw))
        else:
            block += 1
    return found


def page_language(lines: Sequence[str]) -> str | None:
    """The page's language from its longer lines (menus are short and often in other languages)."""
    long = " ".join(line for line in lines if len(line) >= 60)[:6000]
    return detect_language(long) or detect_language(" ".join(lines)[:6000])


def _line(text: str, block: int, raw: str, stop: frozenset[str]) -> Line:
    tokens = tuple(WORD.findall(text))
    unspaced = len(_UNSPACED.findall(text))
    n = len(tokens)
    word_chars = sum(map(len, tokens))
    lowered = [t.lower() for t in tokens]
    cased = [t for t, low in zip(tokens, lowered, strict=True) if t != low or t.upper() != low]
    last = text.rstrip(_CLOSERS) or text
    first = _UPPER_START.search(text)
    return Line(
        text=text, block=block, words=n + unspaced / 2, tokens=tokens,
        content=frozenset(t for t in lowered if len(t) > 1 and t not in stop and not t.isdigit()),
        ends_sentence=last[-1] in _END_CHARS, ends_colon=last[-1] in ":：",
        sentences=len(_SENTENCE_END.findall(text)), clauses=len(_CLAUSE_MARKS.findall(text)),
        caps=sum(1 for t in cased if t[0].isupper()) / len(cased) if cased else 0.0,
        upper=text.upper() == text and len(_LETTERS.findall(text)) >= 3,
        lower_start=bool(first and first.group().islower()),
        symbol_start=not (text[0].isalnum() or text[0] in "\"'“‘«„([¿¡"),
        digits=len(_DIGITS.findall(text)) / word_chars if word_chars else 0.0,
        stop=sum(1 for t in lowered if t in stop) / n if n else 0.0,
        separators=len(_SEPARATORS.findall(text)), linkish=bool(_LINKISH.search(text)),
        count_suffix=bool(_COUNT_SUFFIX.search(text)), video=video_caption(text) is not None,
        lead_space=raw[:1].isspace(), trail_space=raw[-1:].isspace(), nbsp="\u00a0" in text,
    )


def analyse(text: str) -> tuple[list[Line], str | None]:
    """The dump's non-empty lines with their shape facts, and the page language."""
    found = split_lines(text)
    language = page_language([t for t, _, _ in found])
    stop = stopwords(language)
    return [_line(t, b, raw, stop) for t, b, raw in found], language


def _lw(n: float) -> float:
    return math.log1p(n)


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def best_run(scores: Sequence[float]) -> tuple[int, int]:
    """The contiguous run [start, end) with the largest sum of scores (Kadane); (0, 0) if none is positive."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _run_distance(i: int, span: tuple[int, int], n: int) -> float:
    start, end = span
    if start <= i < end:
        return 0.0
    return math.log1p(start - i if i < start else i - end + 1) / math.log1p(max(n, 1))


def _overlap(words: frozenset[str], vocabulary: Counter[str], own: int) -> float:
    """Share of a line's content words that other lines (those counted in ``vocabulary``) use too."""
    return sum(1 for w in words if vocabulary[w] > own) / len(words) if words else 0.0


def _runs(flags: Sequence[bool]) -> list[int]:
    """Length of the run of consecutive flagged lines each line belongs to (0 for an unflagged line):
    menus and link lists are long runs of short lines, articles runs of long ones."""
    out = [0] * len(flags)
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        out[i:j] = [j - i] * (j - i)
        i = j + 1 if j == i else j
    return out


def _prefix(values: Sequence[float]) -> list[float]:
    sums = [0.0]
    for v in values:
        sums.append(sums[-1] + v)
    return sums


OWN_NAMES = [
    "log_words", "words>=10", "words>=25", "ends_sentence", "ends_colon", "log_sentences", "clause_rate",
    "caps_rel", "upper", "lower_start", "symbol_start", "digits", "stop_rel", "separators", "linkish",
    "count_suffix", "video", "rel_words", "log_dup", "log_shape_dup", "log_first_rep", "log_last_rep",
    "alone", "log_block_lines", "block_words", "block_ends", "mass_before", "overlap_long",
    "lead_space", "trail_space", "nbsp", "clock", "year", "short_run", "open_run", "long_run",
]
_NEIGHBOUR_NAMES = ["log_words", "ends_sentence", "stop_rel", "same_block", "repeated"]
LINE_NAMES = [
    *OWN_NAMES, "position", "win2_words", "win5_words", "near_long", "run_dist", "in_run", "win3_repeats",
    *[f"n{d:+d}_{name}" for d in (-2, -1, 1, 2) for name in _NEIGHBOUR_NAMES],
]


def line_features(lines: Sequence[Line]) -> list[list[float]]:
    """Pass-1 features: the line's shape, its repetition, its block, its place, its neighbours' shapes."""
    n = len(lines)
    if not n:
        return []
    logs = [_lw(x.words) for x in lines]
    top = _quantile(logs, 0.9) or 1.0
    # Stop-word and capital shares against the page's own long lines: languages differ in both.
    stop_mid = _quantile([x.stop for x in lines if x.words >= 8], 0.5)
    caps_mid = _quantile([x.caps for x in lines if x.words >= 8], 0.5)
    counts = Counter(x.text for x in lines)
    shapes = Counter(_DIGIT_RUNS.sub("0", x.text) for x in lines)
    firsts = Counter(x.tokens[0].lower() for x in lines if x.tokens and x.words < 10)
    lasts = Counter(x.tokens[-1].lower() for x in lines if x.tokens and x.words < 10)
    block_lines: Counter[int] = Counter()
    block_words: dict[int, float] = defaultdict(float)
    block_ends: Counter[int] = Counter()
    for x in lines:
        block_lines[x.block] += 1
        block_words[x.block] += x.words
        block_ends[x.block] += x.ends_sentence
    mass = _prefix([x.words if x.words >= 10 else 0.0 for x in lines])
    vocabulary: Counter[str] = Counter()
    for x in lines:
        if x.words >= 15:
            vocabulary.update(x.content)
    repeated = [float(shapes[_DIGIT_RUNS.sub("0", x.text)] > 2 or counts[x.text] > 1
                      or (x.words < 10 and bool(x.tokens) and lasts[x.tokens[-1].lower()] > 2)) for x in lines]
    repeats = _prefix(repeated)
    run = best_run([min(x.words, 60) / 12.0 - 1.0 for x in lines])
    long_at = [i for i, x in enumerate(lines) if x.words >= 20]
    prefix = _prefix(logs)
    short_run = _runs([x.words < 10 for x in lines])
    open_run = _runs([not x.ends_sentence for x in lines])
    long_run = _runs([x.words >= 10 for x in lines])
    rows: list[list[float]] = []
    j = 0  # index into long_at of the first long line at or after i
    for i, x in enumerate(lines):
        while j < len(long_at) and long_at[j] < i:
            j += 1
        near = min([abs(long_at[k] - i) for k in (j - 1, j) if 0 <= k < len(long_at)], default=n)
        short = x.tokens and x.words < 10
        size = block_lines[x.block]
        row = [
            logs[i], float(x.words >= 10), float(x.words >= 25), float(x.ends_sentence), float(x.ends_colon),
            _lw(x.sentences), x.clauses / (x.words + 1), x.caps - caps_mid, float(x.upper), float(x.lower_start),
            float(x.symbol_start), x.digits, x.stop - stop_mid, float(x.separators > 0),
            float(x.linkish), float(x.count_suffix), float(x.video), logs[i] / top,
            math.log(counts[x.text]), math.log(shapes[_DIGIT_RUNS.sub("0", x.text)]),
            math.log(firsts[x.tokens[0].lower()]) if short else 0.0,
            math.log(lasts[x.tokens[-1].lower()]) if short else 0.0,
            float(size == 1), math.log(size), _lw(block_words[x.block]) / (top + 1), block_ends[x.block] / size,
            mass[i] / mass[n] if mass[n] else 0.0,
            _overlap(x.content, vocabulary, int(x.words >= 15)),
            float(x.lead_space), float(x.trail_space), float(x.nbsp),
            float(bool(_CLOCK.search(x.text))), float(bool(_YEAR.search(x.text))),
            _lw(short_run[i]), _lw(open_run[i]),
            _lw(max(long_run[i], long_run[i - 1] if i else 0, long_run[i + 1] if i + 1 < n else 0)),
            i / n,
            (prefix[min(n, i + 3)] - prefix[max(0, i - 2)]) / 5.0,
            (prefix[min(n, i + 6)] - prefix[max(0, i - 5)]) / 11.0,
            _lw(near), _run_distance(i, run, n), float(run[0] <= i < run[1]),
            (repeats[min(n, i + 4)] - repeats[max(0, i - 3)]) / 7.0,
        ]
        for d in (-2, -1, 1, 2):
            k = i + d
            if 0 <= k < n:
                other = lines[k]
                row += [logs[k], float(other.ends_sentence), other.stop - stop_mid, float(other.block == x.block),
                        repeated[k]]
            else:
                row += [0.0, 0.0, 0.0, 0.0, 0.0]
        rows.append(row)
    return rows


CONTEXT_NAMES = [
    "logit1", *[f"p{d:+d}" for d in (-3, -2, -1, 1, 2, 3)], "win3_p", "win8_p", "max_before", "max_after",
    "prun_dist", "in_prun", "block_mean_p", "block_max_p", "mass_before_p", "mass_after_p",
    "prev_block_p", "next_block_p", "sandwich_p", "overlap_body",
    "region_share", "top_region", "before_top", "after_top", "first_big", "log_barrier",
    "chrome_words", "chrome_win", "chrome_block",
]


def chrome_shares(lines: Sequence[Line], lexicon: frozenset[str]) -> list[float]:
    """Share of each line's words (three letters or more) in the chrome lexicon the model learned
    from its training dumps: words seen in the chrome of many sites and hardly ever in articles."""
    out: list[float] = []
    for x in lines:
        words = [t.lower() for t in x.tokens if len(t) > 2 and not t.isdigit()]
        out.append(sum(w in lexicon for w in words) / len(words) if words else 0.0)
    return out


def regions(first: Sequence[float], gap: int = 3) -> list[int]:
    """Region index of each line (-1 in a barrier): runs of ``gap`` or more low-scored lines split the page."""
    n = len(first)
    low_run = [0] * n  # length of the run of low-scored lines each low line belongs to
    i = 0
    while i < n:
        if first[i] < 0.5:
            j = i
            while j < n and first[j] < 0.5:
                j += 1
            low_run[i:j] = [j - i] * (j - i)
            i = j
        else:
            i += 1
    found: list[int] = []
    region, open_region = -1, False
    for k in range(n):
        if low_run[k] >= gap:
            found.append(-1)
            open_region = False
        else:
            if not open_region:
                region += 1
                open_region = True
            found.append(region)
    return found


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def context_features(lines: Sequence[Line], first: Sequence[float], base: Sequence[list[float]],
                     lexicon: frozenset[str] = frozenset()) -> list[list[float]]:
    """Pass-2 features: the pass-1 features plus the pass-1 scores around each line, and its chrome words."""
    n = len(lines)
    chrome = chrome_shares(lines, lexicon)
    chrome_sum = _prefix(chrome)
    block_chrome: dict[int, list[float]] = {}
    for c, x in zip(chrome, lines, strict=True):
        block_chrome.setdefault(x.block, []).append(c)
    vocabulary: Counter[str] = Counter()
    for p, x in zip(first, lines, strict=True):
        if p >= 0.5:
            vocabulary.update(x.content)
    prefix = _prefix(first)
    weighted = [p * x.words for p, x in zip(first, lines, strict=True)]
    mass = _prefix(weighted)
    total = mass[n] or 1.0
    run = best_run([(p - 0.5) * (1.0 + _lw(x.words)) for p, x in zip(first, lines, strict=True)])
    block_scores: dict[int, list[float]] = {}
    for p, x in zip(first, lines, strict=True):
        block_scores.setdefault(x.block, []).append(p)
    region_of = regions(first)
    region_mass: dict[int, float] = defaultdict(float)
    for r, w in zip(region_of, weighted, strict=True):
        if r >= 0:
            region_mass[r] += w
    top = max(region_mass, key=lambda r: region_mass[r], default=-1)
    first_big = next((r for r in sorted(region_mass) if region_mass[r] >= 0.25 * total), -1)
    barrier = [0] * n
    for i in range(n):
        if region_of[i] < 0:
            barrier[i] = barrier[i - 1] + 1 if i and region_of[i - 1] < 0 else 1
    for i in range(n - 2, -1, -1):
        if region_of[i] < 0 and region_of[i + 1] < 0:
            barrier[i] = barrier[i + 1]
    order = sorted(block_scores)
    block_mean = [sum(block_scores[b]) / len(block_scores[b]) for b in order]
    block_rank = {b: k for k, b in enumerate(order)}
    # once per block, not per line: a dump of one block of many lines took quadratic time
    block_max = {b: max(block_scores[b]) for b in order}
    chrome_mean = {b: sum(c) / len(c) for b, c in block_chrome.items()}
    rows: list[list[float]] = []
    for i in range(n):
        block = lines[i].block
        k = block_rank[block]
        row = [*base[i], _logit(first[i])]
        row += [first[i + d] if 0 <= i + d < n else 0.0 for d in (-3, -2, -1, 1, 2, 3)]
        row += [
            (prefix[min(n, i + 4)] - prefix[max(0, i - 3)]) / 7.0,
            (prefix[min(n, i + 9)] - prefix[max(0, i - 8)]) / 17.0,
            max(first[max(0, i - 3):i], default=0.0), max(first[i + 1:i + 4], default=0.0),
            _run_distance(i, run, n), float(run[0] <= i < run[1]),
            block_mean[k], block_max[block], mass[i] / total, (total - mass[i + 1]) / total,
            block_mean[k - 1] if k > 0 else 0.0, block_mean[k + 1] if k + 1 < len(order) else 0.0,
            min(max(first[max(0, i - 12):i], default=0.0), max(first[i + 1:i + 13], default=0.0)),
            _overlap(lines[i].content, vocabulary, int(first[i] >= 0.5)),
            region_mass[region_of[i]] / total if region_of[i] >= 0 else 0.0,
            float(region_of[i] == top), float(0 <= region_of[i] < top), float(region_of[i] > top),
            float(region_of[i] == first_big), _lw(barrier[i]),
            chrome[i], (chrome_sum[min(n, i + 4)] - chrome_sum[max(0, i - 3)]) / 7.0,
            chrome_mean[block],
        ]
        rows.append(row)
    return rows


TITLE_NAMES = [
    "log_words", "ends_sentence", "ends_colon", "caps", "upper", "digits", "stop", "separators", "log_dup",
    "p2", "is_body", "before", "log_gap", "gap1", "gap<=3", "log_rank", "prev_words", "next_words",
    "next_digits", "next_body", "block_start", "body_overlap", "lead_overlap",
]
TITLE_WINDOW = 40  # candidates lie at most this many lines above the body's first long line


def body_anchor(lines: Sequence[Line], body: Sequence[bool]) -> int:
    """The article's first substantial line: the first body line of ten words or more (else the first)."""
    first = next((i for i, b in enumerate(body) if b), len(lines))
    return next((i for i, b in enumerate(body) if b and lines[i].words >= 10), first)


def title_candidates(lines: Sequence[Line], body: Sequence[bool]) -> list[int]:
    """Lines that could be the headline: short, not a video caption, from a little above the body's start."""
    anchor = body_anchor(lines, body)
    return [i for i in range(max(0, anchor - TITLE_WINDOW), min(len(lines), anchor + 2))
            if 2 <= lines[i].words <= 40 and not lines[i].video and not lines[i].ends_colon]




def title_features(lines: Sequence[Line], body: Sequence[bool], second: Sequence[float],
                   candidates: Sequence[int]) -> list[list[float]]:
    """Each candidate's shape, where it stands against the body's start and how much of it the body repeats."""
    n = len(lines)
    anchor = body_anchor(lines, body)
    everywhere = Counter(x.text for x in lines)
    body_at = [i for i in range(anchor, n) if body[i]]
    lead_at = set(body_at[:3])
    whole: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    for i in body_at:
        whole.update(lines[i].content)
        if i in lead_at:
            lead.update(lines[i].content)
    rows: list[list[float]] = []
    for rank, i in enumerate(reversed(candidates)):
        x = lines[i]
        gap = anchor - i
        nxt = lines[i + 1] if i + 1 < n else None
        words = x.content
        own_whole, own_lead = int(body[i] and i >= anchor), int(i in lead_at)
        in_whole = sum(1 for w in words if whole[w] > own_whole)
        in_lead = sum(1 for w in words if lead[w] > own_lead)
        rows.append([
            _lw(x.words), float(x.ends_sentence), float(x.ends_colon), x.caps, float(x.upper), x.digits, x.stop,
            float(x.separators > 0), math.log(everywhere[x.text]), second[i], float(body[i]), float(gap > 0),
            _lw(max(gap, 0)), float(gap == 1), float(0 < gap <= 3), _lw(rank),
            _lw(lines[i - 1].words) if i > 0 else 0.0, _lw(nxt.words) if nxt else 0.0,
            nxt.digits if nxt else 0.0, float(i + 1 < n and body[i + 1]),
            float(i == 0 or lines[i - 1].block != x.block),
            in_whole / len(words) if words else 0.0, in_lead / len(words) if words else 0.0,
        ])
    rows.reverse()
    return rows
