"""Words and sentences as watch rules compare them: case, accents and plural/verb endings ignored.

One normalisation serves both the rule and the article, so ``talks`` finds "talk", "talking",
"Talks"; ``activities`` finds "activity". A phrase is its normalised words in order.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? (perhaps followed by a closing quote) before a capital or an opening quote,
# or at a paragraph break.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)]?\s+(?=["“‘(]?[A-Z0-9])|\n\s*\n""")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem of one lower-case word: enough to meet plurals and -ing/-ed forms."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


def fold(text: str) -> str:
    """Lower-case, without accents."""
    if text.isascii():  # most news text: nothing to take off
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> tuple[str, ...]:
    """The stems of the words of ``text``, in order."""
    return tuple(stem(w) for w in _WORD.findall(fold(text)))


def joined(text: str) -> str:
    """``text``'s stems between spaces, for phrase tests with ``in``: `` russia reduce military ``."""
    return " " + " ".join(words(text)) + " "


@functools.lru_cache(maxsize=65536)
def rule_words(text: str) -> tuple[str, ...]:
    """:func:`words` of a piece of a rule (cached: rules are matched again and again)."""
    return words(text)


@functools.lru_cache(maxsize=65536)
def rule_joined(text: str) -> str:
    """:func:`joined` of a piece of a rule (cached)."""
    return joined(text)


@functools.lru_cache(maxsize=65536)
def rule_fold(text: str) -> str:
    return fold(text)


# Cyrillic in Latin letters (Ukrainian's national system, which Russian names mostly meet too), after
# fold() took the accents off (й is и, ї is і, ё is е by then)
_LATIN = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
                        "ж": "zh", "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
                        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
                        "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ы": "y", "э": "e", "ю": "iu", "я": "ia"})
_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def _name_key(word: str) -> str:
    """One word of a name, spelled so that its spellings meet: in Latin letters, y as i, no doubled
    letter, no -j after i: Zelenskyy, Zelensky, Zelenskiy, Zelenskij and Зеленський are all zelenski."""
    key = _DOUBLED.sub(r"\1", stem(word.translate(_LATIN)).replace("y", "i"))
    return key[:-1] if key.endswith("ij") else key


def name_joined(text: str) -> str:
    """A name's words as :func:`joined` gives them, each as :func:`_name_key` spells it: ``person:``
    and ``said:`` meet a name however it was transliterated."""
    return " " + " ".join(_name_key(w) for w in _WORD.findall(fold(text))) + " "


@functools.lru_cache(maxsize=65536)
def rule_name_joined(text: str) -> str:
    """:func:`name_joined` of a name in a rule (cached)."""
    return name_joined(text)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of an article text with their offsets (a plain splitter: news prose is regular)."""
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = len(text) if m is None else m.start() + (len(m.group(0)) - len(m.group(0).lstrip("\"'”’)")))
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            yield Sentence(body, start + lead, start + lead + len(body))
        if m is not None:
            start = m.end()
