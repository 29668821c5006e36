"""Language identification from stop words (justext's lists for 100 languages), and from the script
for languages written without them (Chinese, Japanese, Korean, Thai)."""

from __future__ import annotations

import functools
import math
import re

import justext

# justext list names -> ISO 639-1 codes, for the languages the project names and their neighbours.
ISO = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Basque": "eu", "Belarusian": "be",
    "Bosnian": "bs", "Bulgarian": "bg", "Catalan": "ca", "Croatian": "hr", "Czech": "cs",
    "Danish": "da", "Dutch": "nl", "English": "en", "Esperanto": "eo", "Estonian": "et",
    "Finnish": "fi", "French": "fr", "Galician": "gl", "Georgian": "ka", "German": "de",
    "Greek": "el", "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu", "Icelandic": "is",
    "Indonesian": "id", "Irish": "ga", "Italian": "it", "Kazakh": "kk", "Korean": "ko",
    "Latvian": "lv", "Lithuanian": "lt", "Macedonian": "mk", "Malay": "ms", "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn", "Persian": "fa", "Polish": "pl", "Portuguese": "pt", "Romanian": "ro",
    "Russian": "ru", "Serbian": "sr", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es",
    "Swahili": "sw", "Swedish": "sv", "Tagalog": "tl", "Turkish": "tr", "Ukrainian": "uk",
    "Urdu": "ur", "Vietnamese": "vi", "Welsh": "cy",
}
WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]]:
    """word -> the languages whose stop list holds it (built once per process, read-only)."""
    index: dict[str, set[str]] = {}
    for name in ISO:
        for word in justext.get_stoplist(name):
            index.setdefault(word, set()).add(name)
    return {w: frozenset(langs) for w, langs in index.items()}


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """The stop words of an ISO code, or of all languages together when unknown."""
    names = [n for n, code in ISO.items() if code == language]
    if not names:
        return frozenset(_index())
    return frozenset(justext.get_stoplist(names[0]))


def detect_language(text: str, min_hits: int = 5, min_share: float = 0.1) -> str | None:
    """ISO 639-1 code of the language whose stop words cover the text best, or None.

    Hits are divided by the log of the list's size: the largest lists (Finnish, Estonian) hold
    many English words and names and would otherwise win on English text. The winner's stop
    words must make up a fair share of the text's letters, else it is no language we know.
    """
    index = _index()
    hits: dict[str, int] = {}
    words = WORD.findall(text[:20_000].lower())
    for word in words:
        for lang in index.get(word, ()):
            hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return None
    best = max(hits, key=lambda lang: hits[lang] / math.log(_sizes()[lang]))
    covered = sum(len(word) for word in words if best in index.get(word, ()))
    if hits[best] < min_hits or covered < min_share * sum(len(word) for word in words):
        return None
    return ISO[best]


@functools.lru_cache(maxsize=1)
def _sizes() -> dict[str, int]:
    return {name: len(justext.get_stoplist(name)) for name in ISO}


_SCRIPTS = (  # (ISO code, characters of its script, share of the text's letters that tells it)
    ("ja", re.compile(r"[\u3040-\u30ff]"), 0.05),  # kana: Japanese writes them among its kanji
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), 0.3),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"), 0.3),
    ("th", re.compile(r"[\u0e00-\u0e7f]"), 0.3),
)
_MIN_LETTERS = 20


def script_language(text: str) -> str | None:
    """The language a text's script tells without stop words: Japanese (kana), Korean, Chinese, Thai."""
    sample = text[:5000]
    letters = sum(c.isalpha() for c in sample)
    if letters < _MIN_LETTERS:
        return None
    for code, chars, share in _SCRIPTS:
        if len(chars.findall(sample)) >= share * letters:
            return code
    return None


RECORD_SHARE = 0.15  # real text covers 19 % or more of its letters with its stop words; lists, tables, 3-10 %


def article_language(text: str, guess: str | None) -> str | None:
    """The language an article's own text shows, for its record: ``guess`` (the page's language,
    which a page's menus can skew) when its stop words cover RECORD_SHARE of the article's letters,
    else what the article's text shows at that share, else None. A results table or a recipe's list
    has too few stop words to tell (Finnish's large list, full of English names, would win it)."""
    if guess is not None and _covered(text, stopwords(guess)) >= RECORD_SHARE:
        return guess
    return detect_language(text, min_share=RECORD_SHARE) or script_language(text)


def _covered(text: str, stop: frozenset[str]) -> float:
    words = WORD.findall(text[:20_000].lower())
    letters = sum(len(w) for w in words)
    return sum(len(w) for w in words if w in stop) / letters if letters else 0.0
