"""Whether undeclared, non-UTF-8 page bytes read as Windows-1252 (Western European) text.

A page that names no charset and is no UTF-8 went to the encoding guesser, which needs many
non-ASCII bytes to tell one single-byte code page from another: a page with a "café" or a few curly
quotes (0x92–0x94) came out as Central European ("crčme", "Ł200"), Baltic or even Big5, and so did
long French, Portuguese or Icelandic pages. Browsers read such a page as Windows-1252 unless the bytes
say otherwise; so does newsdesk, when the Windows-1252 reading looks like Western text. The checks
below turn away the readings other code pages give: Cyrillic, Greek, Hebrew, Arabic or CJK bytes make
whole words of accented letters; Polish, Czech, Hungarian, Romanian and Turkish ones put symbols
inside words (wa¿ny, ³ód, ºi) or letters no Western language combines (støedu with pokraèovat, çarþamba).
A reading that fails them goes to the guesser, as before.
"""

from __future__ import annotations

import re

_SAMPLE = 200_000  # characters looked at, as many as the guesser reads: a page's code page shows in them
# Bytes Windows-1252 leaves undefined: a page holding one is in another code page.
_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿŠšŽžŒœ"
# Symbols that a Central European letter reads as (Polish ł ą ż, Czech š ž ť in ISO-8859-2, Romanian ş):
# no Western word holds one between two letters, most none at a word's start, a few none at its end.
_INSIDE = "¹²³¼½¾¯¥¤¦¨¬±¶×÷¸£¢§©®ªº¿¡µƒŸ«»"
_BEFORE = "¹²³¼½¾¯¥¤¦¨¬±¶×÷¸£¢§ªºƒŸ"  # not ¿¡ («¿Qué?»), ©® (©Reuters), «», µ (µg)
_AFTER = "¿¡Ÿ"  # not ² ³ ¹ (m², a footnote¹)
# Each alternative starts with its symbol, the letters around it looked at from there: the search skips
# to the next symbol (starting with the letter, it tried every letter of a page, 0.4 s for 5 MB).
_SYMBOL_IN_WORD = re.compile(rf"[{_INSIDE}](?<=[{_LETTER}][{_INSIDE}])(?=[{_LETTER}])"
                             rf"|[{_BEFORE}](?<![{_LETTER}][{_BEFORE}])(?=[{_LETTER}])"
                             rf"|[{_AFTER}](?<=[{_LETTER}][{_AFTER}])(?![{_LETTER}])")
# Runs of non-ASCII letters: no Western word is three accented letters in a row, every Cyrillic, Greek,
# Hebrew or Arabic word read as Windows-1252 is; CJK double bytes make runs of letters and symbols.
_FOREIGN_WORD = re.compile(r"[À-ÖØ-öø-ÿŠšŽžŒœ]{3,}")
_HIGH_RUN = re.compile(r"[\x80-\xff\u0152-\u2122]{4,}")
_CZECH = re.compile(rf"[ìù][{_LETTER}]")  # ě, ů inside a word; Italian's ì, ù and French's où end theirs
_ETH_FIRST = re.compile(rf"[ðÐ](?<![{_LETTER}][ðÐ])")
_HUNGARIAN = re.compile(r"õ(?![es])")  # ő; Portuguese's õ comes before e or s (põe, eleições)


def western(data: bytes) -> str | None:
    """The bytes read as Windows-1252 when that reading looks like Western text, else None."""
    if any(byte in data for byte in _UNDEFINED):
        return None
    text = data.decode("cp1252")
    head = text[:_SAMPLE]
    if _SYMBOL_IN_WORD.search(head) or _FOREIGN_WORD.search(head) or _HIGH_RUN.search(head.replace("\xa0", " ")):
        return None
    if _CZECH.search(head) or _HUNGARIAN.search(head):
        return None
    if any(c in head for c in "øæåØÆÅ") and any(c in head for c in "èìùòÈ"):
        return None  # Czech ř, Croatian ć or Lithuanian ę beside a č: Danish and Norwegian have no è
    if _ETH_FIRST.search(head):  # Croatian đ, Lithuanian š; no Icelandic word starts with ð
        return None
    if "ç" in head and any(c in head for c in "ýþðÝÞÐ"):  # Turkish ı, ş, ğ beside its ç; Icelandic has no ç
        return None
    return text
