"""A text dump's byline and date: the short lines above the article that name its authors ("By A and
B, CNN") and say when it came out ("Updated 3:41 PM EDT, Tue March 29, 2022", "Thu 2 Nov 2023 09.14
GMT"). An HTML page marks these up; a dump keeps them only as lines of the page's header."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence

from .htmlmeta import BYLINE_LEAD, NOT_AUTHOR, ZONES, byline_names

HEAD_LINES = 15  # how far above the article's first line its byline and date may stand
META_WORDS = 14  # a byline or a date line is short; a sentence that mentions a date is not one

# Month names (their first letters, as pages abbreviate them) in the languages the extractor reads
# most: English, French, Spanish, Portuguese, Italian, German, Dutch, Ukrainian, Russian (genitive), Arabic.
_MONTH_NAMES = {
    1: "jan january janv janvier ene enero janeiro gen gennaio januar januari січ січня янв января يناير",
    2: "feb february fév févr février febrero fevereiro fev febbraio februar februari лют лютого фев февраля فبراير",
    3: "mar march mars marzo março mär märz maart бер березня мар марта مارس",
    4: "apr april avr avril abr abril aprile квіт квітня апр апреля أبريل إبريل",
    5: "may mai mayo maio mag maggio mei трав травня мая مايو",
    6: "jun june juin junio junho giu giugno juni черв червня июн июня يونيو",
    7: "jul july juil juillet julio julho lug luglio juli лип липня июл июля يوليو",
    8: "aug august août ago agosto augustus серп серпня авг августа أغسطس",
    9: "sep sept september septembre septiembre setembro set settembre вер вересня сен сентября سبتمبر",
    10: "oct october octobre octubre outubro out ottobre okt oktober жовт жовтня окт октября أكتوبر",
    11: "nov november novembre noviembre novembro листоп листопада ноя ноября نوفمبر",
    12: "dec december décembre déc dic diciembre dezembro dez dicembre dezember груд грудня дек декабря ديسمبر",
}
_MONTHS = {word: month for month, words in _MONTH_NAMES.items() for word in words.split()}
_MONTH_WORD = "|".join(sorted((re.escape(w) for w in _MONTHS), key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "March 29, 2022", "29 March 2022", "2 Nov 2023", "18 juillet 2023", "23 de mayo de 2024", "5 березня 2024";
# innerText may glue a time to the year ("20245:23 PM")
_DATE = re.compile(rf"(?i)(?<!\w)(?:(?P<month>{_MONTH_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}"
                   rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?P<month2>{_MONTH_WORD})\.?,?\s+(?:de\s+)?"
                   rf"(?P<year2>(?:19|20)\d\d))")
# "05.03.2024": day, month, year with dots, as German, Russian, Ukrainian and Polish pages write them
_DOTTED = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?![\d])")
# "3:41 PM EDT", "09.14 GMT", "5:23 PM GMT", "11h02": a time of day, a.m./p.m. and a zone optional
_TIME = re.compile(r"(?i)(?<![\d:.])(?P<hour>\d{1,2})[:.h](?P<minute>[0-5]\d)(?![\d:])\s*(?P<half>[ap]\.?m\.?)?"
                   r"\s*(?-i:(?P<zone>[A-Z]{2,5})(?![a-z]))?")
_UPDATED = re.compile(r"(?i)\b(?:updated|modified|modifié|mis\s+à\s+jour|actualizado|actualizada|aktualisiert"
                      r"|aggiornato|atualizado|оновлено|обновлено)\b")


_JOINS = frozenset({"and", "&", "und", "et", "y", "e", "en", "i", "і", "та", "и"})


def _lower_joins(text: str) -> str:
    # a byline set in capitals joins its names with "AND": the name splitter reads lower-case "and"
    return re.sub(r"\b(AND|UND|ET|Y)\b", lambda m: m.group(1).lower(), text)


# "By Chris Giles in London": where the reporter filed from, not a part of the name
_PLACE = re.compile(r"\s+(?:in|aus|à|en|из|з)\s+[A-ZÀ-ÞА-Я][\w.'-]+(?:\s+[A-ZÀ-ÞА-Я][\w.'-]+)?\s*$")


def byline_authors(lines: Sequence[str]) -> tuple[str, ...]:
    """The authors of the first short line that opens with a byline's "By" ("BY A AND B", "By A and B,
    CNN"); an editor's credit ("Edited by") names none."""
    for text in lines:
        if len(text.split()) > META_WORDS or not BYLINE_LEAD.match(text) or NOT_AUTHOR.match(text):
            continue
        names = byline_names([_PLACE.sub("", _lower_joins(text))], min_words=2)
        if names:
            return names
    return ()


def named_authors(lines: Sequence[str]) -> tuple[str, ...]:
    """Authors of a byline without its "By" ("Helen Pidd and Rachel Hall", "Олена Коваль"): a line of
    capitalised names right above a date line. Callers pass the lines below the headline only: above
    it, two capitalised words next to a date are as often a menu's "Live TV"."""
    for text, below in itertools.pairwise(lines):
        words = text.split()
        if (2 <= len(words) <= 8 and line_date(below) and not any(c.isdigit() for c in text)
                and all(w[0].isupper() or w.lower() in _JOINS for w in words)):
            names = byline_names([_lower_joins(text)], min_words=2)
            if names:
                return names
    return ()


def line_date(text: str) -> str | None:
    """The date a short line shows, with its time when the line names the time's zone unambiguously
    ("3:41 PM EDT"), in ISO form; None when it shows no day, month and year."""
    if len(text.split()) > META_WORDS:
        return None
    match = _DATE.search(text) or _DOTTED.search(text)
    if not match:
        return None
    named = match.group("month") or match.group("month2") if match.re is _DATE else None
    month = _MONTHS[named.lower()] if named else int(match.group("month"))
    year = int(match.group("year") or match.group("year2")) if named else int(match.group("year"))
    try:
        day = dt.date(year, month, int(match.group("day") or match.group("day2")) if named else int(match.group("day")))
    except ValueError:
        return None
    if not 1990 <= year <= dt.date.today().year + 1:
        return None
    # the time stands before the date ("3:41 PM EDT, Tue March 29") or after it ("2 Nov 2023 09.14 GMT")
    time = _TIME.search(text[match.end():]) or _TIME.search(text[:match.start()])
    if time is None:
        return day.isoformat()
    hour, minute = int(time.group("hour")), int(time.group("minute"))
    half = (time.group("half") or "").lower()
    if (half and not 1 <= hour <= 12) or hour > 23:
        return day.isoformat()
    if half.startswith("p") and hour < 12:
        hour += 12
    elif half.startswith("a") and hour == 12:
        hour = 0
    zone = (time.group("zone") or "").upper()
    if zone not in ZONES:
        return day.isoformat()  # a time in no zone we can place ("ET", none) would be read as UTC: the day alone
    stamp = dt.datetime(year, month, day.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(minutes=ZONES[zone])))
    return stamp.isoformat()


def head_date(lines: Sequence[str]) -> str | None:
    """The publication date among a dump's header lines: a line's that says it is no update first
    ("Published 4 March 2024" before "Updated 6 March 2024"), else the last date shown."""
    found = [(bool(_UPDATED.search(text)), date) for text in lines if (date := line_date(text))]
    # the one nearest the article: a masthead's "Wednesday, June 5, 2024" above it is today's date
    for updated, date in reversed(found):
        if not updated:
            return date
    return found[-1][1] if found else None


def is_meta_line(text: str) -> bool:
    """A byline or a date line: the header above an article, not a break inside it."""
    return bool(byline_authors([text]) or line_date(text))
