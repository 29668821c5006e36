"""Page metadata from HTML: title, authors, publication date, publisher, canonical URL.

Sources, best first: JSON-LD (schema.org), ``<meta>`` tags (Open Graph, Dublin Core, the usual
CMS names), then the visible page (``<h1>``, ``<title>``, ``rel=author`` links, ``<time>``).
Nothing here depends on the page's language.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any
from urllib.parse import urljoin, urlsplit

from .htmlrules import size

_SPACE = re.compile(r"\s+")
# " | Site", " - Site", " — Site", " :: Site" and the like, at either end of a <title>.
# CJK titles often join their parts with no spaces: "多地出台新政_华夏日报", "新闻标题-新华网", "記事｜サイト".
_TITLE_SEPARATOR = re.compile(
    r"\s+[|\-–—:·»•/]{1,2}\s+|\s*[_｜丨]\s*|(?<=[\u3040-\u9fff])[|\-–—]{1,2}|[|\-–—]{1,2}(?=[\u3040-\u9fff])"
)
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|Story|Review|NewsItem", re.IGNORECASE)
# "By", "Photos by", "Posted by", "Von", "Par", "بقلم:", "记者": what stands before the names of a byline.
BYLINE_LEAD = re.compile(
    r"^\s*(?:(?:(?:photos?|photography|words|text|story|reporting|video|interview|written|posted|compiled|fotos?"
    r"|opinion|analysis|commentary|column|essay|review|(?:ein\s+)?kommentar|(?:eine\s+)?analyse)"
    r"(?:\s+(?:and|und|et|y)\s+\w+)?\s+)?(?:by|von|par|por|di|door|av|af|przez|od)(?::\s*|\s+)"
    r"|(?:author|autor|auteur|autore|автор|yazar|συντάκτης)\s*:\s*|بقلم\s*:?\s*|[记記]者\s*)",
    re.IGNORECASE,
)
# Credits that name someone other than an author: "Edited by", "Medically reviewed by", "Illustrations by".
NOT_AUTHOR = re.compile(
    r"^\s*(?:edited|(?:medically\s+)?reviewed|fact[-\s]?checked|illustrat\w*|graphics|design(?:ed)?|translated"
    r"|produced|additional\s+reporting|redigiert|lektoriert|übersetzt|édité|traduit)\s+(?:by|von|par)\b",
    re.IGNORECASE,
)
_CONJUNCTION = r"\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\boch\b|\bog\b"
_AUTHOR_SPLIT = re.compile(rf"\s*(?:,|;|·|\||{_CONJUNCTION})\s*")
_AFFILIATION = re.compile(rf"(?:{_CONJUNCTION}).*,\s*(?P<affiliation>[^,]+)$")
# Words that make a byline's name an organisation's ("European Space Agency", "Metro Desk"), not a person's.
_ORGANISATION = re.compile(
    r"\b(?:agency|university|institute|association|department|ministry|council|press|news|media|group|foundation"
    r"|society|cent(?:er|re)|office|service|team|desk|bureau|network|company|inc|ltd|llc|corp|gmbh|agentur|agence"
    r"|agencia|redaktion|rédaction|redacción|redazione)\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# News agencies credited after a byline ("By A and B, Reuters"): an affiliation, not an author.
_AGENCIES = frozenset({
    "reuters", "associated press", "ap", "afp", "agence france-presse", "agence france presse", "dpa", "efe",
    "ansa", "kyodo", "kyodo news", "xinhua", "upi", "pa", "pa media", "press association", "bloomberg", "anp",
    "belga", "apa", "sda", "keystone-sda", "ritzau", "ntb", "tt", "epa", "europa press", "tass", "ria novosti",
    "yonhap", "aap", "cp", "the canadian press", "canadian press", "ians", "pti", "ani",
})
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "article.published", "published_time", "publishdate", "publish-date", "publish_date", "pubdate",
    "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "citation_publication_date", "cxenseparse:recs:publishtime", "article_date_original",
)
# Job titles that follow a name in a byline ("TOM KRISHER, AP Auto Writer"), in several languages.
_ROLE = re.compile(
    r"\b(?:writer|editor|correspondent|reporter|staff|contributor|columnist|redakteur\w*|korrespondent\w*|redaktion"
    r"|rédact\w*|journaliste|correspondant\w*|redactor\w*|periodista|corresponsal|redattore|corrispondente"
    r"|giornalista|dziennikar\w*|redaktor\w*|korespondent\w*|redacteur|verslaggever)\b",
    re.IGNORECASE,
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title")
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself, before its body is read."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    titles: tuple[str, ...] = ()  # every title candidate seen, for dropping repeats from the body
    jsonld: tuple[dict[str, Any], ...] = ()


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _meta_tags(tree: Any) -> dict[str, str]:
    """First non-empty content of each <meta> name/property/itemprop, keys lower-cased."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = clean(el.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _walk(data: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            out.append(data)
        for key, value in data.items():
            if key == "@graph" or isinstance(value, (dict, list)):
                _walk(value, out, depth + 1)


def jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every typed object in the page's JSON-LD blocks, nested ones included."""
    out: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        text = script.text.strip().rstrip(";")
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):  # not JSON, or nested past the decoder: no metadata from it
            continue
        _walk(data, out)
    return out


def types_of(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]


def _names(value: Any, ids: dict[str, dict[str, Any]] | None = None) -> Iterator[str]:
    """Names from a JSON-LD person/organisation value: a string, an object, or a list of them.

    An object may be only a reference to another one of the page (``{"@id": "…#/schema/person/8f2c"}``,
    as Yoast writes every author): ``ids`` maps each ``@id`` to its object.
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        name = value.get("name")
        if name is None and ids and isinstance(value.get("@id"), str):
            name = ids.get(value["@id"], {}).get("name")
        if isinstance(name, str):
            yield name
    elif isinstance(value, list):
        for item in value[:10]:
            yield from _names(item, ids)


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return clean(value) if isinstance(value, str) and value.strip() else None


_ISO = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)(?:[T ](?P<time>\d\d:\d\d(?::\d\d(?:\.\d+)?)?)"
    r"(?:\s?(?P<offset>Z|[+-]\d\d(?::?\d\d)?)|\s?(?P<zone>[A-Z]{1,5})(?P<zoned>[+-]\d\d?(?::?\d\d)?)?(?![A-Za-z]))?)?"
)
# Time zones written by name after a page's time: only the unambiguous ones (not IST, CST in Asia…).
ZONES = {
    "Z": 0, "UTC": 0, "GMT": 0, "UT": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "MEZ": 60, "CEST": 120,
    "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}


def _offset(text: str) -> str:
    """'+0100' -> '+01:00', '+01' and '+1' -> '+01:00', 'Z' -> '+00:00'."""
    if text == "Z":
        return "+00:00"
    hours, _, minutes = text[1:].partition(":")
    if not minutes and len(hours) == 4:
        hours, minutes = hours[:2], hours[2:]
    return f"{text[0]}{int(hours):02d}:{minutes or '00'}"


def iso_date(value: str | None) -> str | None:
    """An ISO date or datetime from a page's date string, or None when it is not one.

    The time keeps its zone however the page writes it: "+0100", " +01:00", "Z", " UTC", " EDT",
    "GMT+2"; an e-mail style date ("Tue, 05 Mar 2024 14:30:00 GMT") is read too.
    """
    text = clean(value)
    if not text:
        return None
    match = _ISO.match(text)
    if not match:
        return _mail_date(text)
    date, time = match.group("date"), match.group("time")
    # placeholders ("0001-01-01") and typos far from the web's lifetime are no dates
    if not 1990 <= int(date[:4]) <= dt.date.today().year + 1:
        return None
    offset = match.group("offset")
    zone = match.group("zone")
    if zone is not None:
        if zone not in ZONES:
            offset = None  # a zone we cannot place: the time stands without one
        elif match.group("zoned"):
            offset = match.group("zoned")  # "GMT+2"
        else:
            minutes = ZONES[zone]
            offset = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    try:
        if time is None:
            return dt.date.fromisoformat(date).isoformat()
        # to the second: a page's milliseconds say nothing about when the article came out
        stamp = dt.datetime.fromisoformat(f"{date}T{time}{_offset(offset) if offset else ''}")
        return stamp.replace(microsecond=0).isoformat()
    except ValueError:
        return None


def _mail_date(text: str) -> str | None:
    """'Tue, 05 Mar 2024 14:30:00 GMT' (RFC 2822, as some CMSs write their meta dates) in ISO form."""
    if not re.match(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d\d:\d\d", text):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not 1990 <= parsed.year <= dt.date.today().year + 1:
        return None
    return parsed.replace(microsecond=0).isoformat()


def _is_org(name: str, publisher: str) -> bool:
    """A byline naming the publisher ("CNN Business" on CNN) rather than a person."""
    return len(publisher) >= 3 and (name in publisher or publisher in name)


def byline_names(candidates: list[str], source: str | None = None, *, min_words: int = 1) -> tuple[str, ...]:
    """Person names from bylines: "By A and B", "A, AP Writer", "A, MS, RDN" give A (and B).

    ``min_words``: 2 for bylines read off the page, where one word is more often a place ("PTI,
    Washington"), a login ("admin") or a label than a name.
    """
    publisher = re.sub(r"\W", "", (source or "").lower())
    # "BBC Wales" on BBC News, "ITV Border" on ITV News: a byline naming one of the publisher's desks
    brand = next(iter((source or "").split()), "")
    brand = brand.lower() if 2 <= len(brand) <= 5 and brand.isupper() and brand.isalpha() else ""
    seen: dict[str, str] = {}
    for raw in candidates:
        text = BYLINE_LEAD.sub("", clean(raw))
        if not text or "://" in text or "@" in text:
            continue
        affiliation = _AFFILIATION.search(text)
        if affiliation:  # "A and B, Associated Press": the names end at the last comma
            text = text[:affiliation.start("affiliation")]
        if NOT_AUTHOR.match(text):
            continue
        for part in _AUTHOR_SPLIT.split(text):
            if NOT_AUTHOR.match(part.strip(" .|-–—:;")):
                break  # "By A; edited by B": the rest names editors
            name = BYLINE_LEAD.sub("", part.strip(" .|-–—:")).strip(" .|-–—:")  # "| BY: A" splits before its "BY:"
            words = name.split()
            if not 1 <= len(words) <= 5 or len(name) > 60 or any(c.isdigit() for c in name):
                continue
            if (len(words) < min_words and not _CJK.search(name)) or BYLINE_LEAD.fullmatch(name + " "):
                continue
            if len(words) == 1 and name == name.lower() and not _CJK.search(name):
                continue  # a login ("admin", "kei_eno"), not a name
            squashed = re.sub(r"\W", "", name.lower())
            if brand and len(words) > 1 and words[0].lower() == brand:
                continue
            if (_ROLE.search(name) or re.search(r"\w\.\w{2,}$", name) or _is_org(squashed, publisher)
                    or name.lower() in _AGENCIES or _ORGANISATION.search(name)):
                continue  # a job title, a site ("Cleveland.com"), the publisher, a news agency, an organisation
            if len(words) == 1 and name.isupper() and len(name) <= 4:
                continue  # a degree or an agency code: MS, RDN, PTI
            if name.isupper():
                name = name.title()
            seen.setdefault(name.lower(), name)
    return tuple(seen.values())[:8]


def strip_site(title: str, site: str | None) -> str:
    """Drop a site name or short section label that a <title> carries before or after the headline."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    site_key = re.sub(r"\W", "", (site or "").lower())

    def is_site(part: str) -> bool:
        key = re.sub(r"\W", "", part.lower())
        return bool(site_key) and (key in site_key or site_key in key)

    while len(parts) > 1 and (is_site(parts[-1]) or size(parts[-1]) <= 3 <= size(" ".join(parts[:-1]))):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    # the separators are not kept by the split: take the original text up to the last kept part
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else title


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W", "", a.lower()) == re.sub(r"\W", "", b.lower())


def _choose_title(metas: dict[str, str], articles: list[dict[str, Any]], tree: Any,
                  site: str | None) -> tuple[str | None, tuple[str, ...]]:
    h1s = [t for t in (clean(h.text_content()) for h in tree.iter("h1")) if t][:5]
    head_title = next((clean(t.text_content()) for t in tree.iter("title")), "")
    meta_titles = [metas[k] for k in _TITLE_META if k in metas]
    meta_titles += [t for t in (_text(a.get("headline")) or _text(a.get("name")) for a in articles) if t]
    stripped = [strip_site(t, site) for t in [*meta_titles, head_title] if t]
    candidates = tuple(dict.fromkeys(t for t in [*meta_titles, *stripped, *h1s, head_title] if t))
    # an <h1> that a meta title confirms is the headline as shown on the page
    for h1 in h1s:
        if any(_same(h1, t) for t in [*stripped, *meta_titles, head_title]):
            return h1, candidates
    parts = _TITLE_SEPARATOR.split(head_title)
    longest = max(parts, key=size) if len(parts) > 1 else ""
    for h1 in h1s:
        # "Site | Headline" with the headline as the <h1> (a site's name is the shorter part, and may be an <h1>)
        if size(longest) >= 3 and _same(h1, longest):
            return h1, candidates
    # no <h1> to go by: the part of the <title> that the page shows as it stands ("Site - Headline")
    shown = _shown_part(tree, parts)
    if shown:
        return shown, (*candidates, shown)
    if stripped:
        return stripped[0], candidates
    return (h1s[0] if h1s else None), candidates


_MAX_SCANNED = 5000


def _shown_part(tree: Any, parts: list[str]) -> str | None:
    """The longest of a <title>'s ``parts`` (the headline, three words or more) when an element of the
    body holds it as its own text."""
    if len(parts) < 2:
        return None
    longest = clean(max(parts, key=size))  # the headline; the site's name is the shorter part
    wanted = {longest: longest} if size(longest) >= 3 else {}
    body = next(tree.iter("body"), tree)
    for i, el in enumerate(body.iter()):
        if i > _MAX_SCANNED:
            break
        if isinstance(el.tag, str) and el.text and clean(el.text) in wanted:
            return wanted[clean(el.text)]
    return None


def _title_site(tree: Any, title: str | None) -> str | None:
    """The site name a <title> ends with ("Headline - CBS News"), or stands beside the headline in
    ("Valley Echo - Headline"), when the page names it nowhere else."""
    head_title = next((clean(t.text_content()) for t in tree.iter("title")), "")
    parts = [clean(p) for p in _TITLE_SEPARATOR.split(head_title)]
    if len(parts) == 2 and title in parts:
        other = parts[1 - parts.index(title)]
        return other if 1 <= len(other.split()) <= 4 else None
    if len(parts) >= 2 and 1 <= len(parts[-1].split()) <= 4 and len(parts[-1]) < len(head_title) / 2:
        return parts[-1]
    return None


def _canonical(tree: Any, metas: dict[str, str], url: str | None) -> str | None:
    hrefs: list[str] = [str(link.get("href") or "") for link in tree.iter("link")
                        if "canonical" in (link.get("rel") or "").lower()]
    for href in [*hrefs, metas.get("og:url") or ""]:
        if href.strip():
            try:
                full = urljoin(url or "", href.strip())
                host = urlsplit(full).hostname
            except ValueError:  # "http://[bad": not an address; the next one, or the page's own
                continue
            if full.startswith(("http://", "https://")) and host:
                return full
    return url


def _visible_authors(tree: Any) -> list[str]:
    found: list[str] = []
    for el in tree.xpath('//*[@rel="author" or @itemprop="author"][not(self::link or self::meta)]')[:6]:
        names = el.xpath('.//*[@itemprop="name"]')
        found.extend(clean(n.get("content") or n.text_content()) for n in names[:3])
        if not names:
            found.append(clean(el.text_content()))
    return found


# Elements that hold a byline by their class ("byline", "author vcard", "auteur", "firma") or link to
# an author's page; not an author's biography box, nor anything in the comments.
_BYLINE_XPATH = (  # (the first test, of the attributes alone, spares most elements the eleven others)
    "//*[@class or @data-component or @data-testid]"
    "[contains(@class, 'byline') or contains(@class, 'Byline') or contains(@class, 'author')"
    " or contains(@class, 'Author') or contains(@class, 'auteur') or contains(@class, 'autor')"
    " or contains(@class, 'firma') or contains(@class, 'signature') or contains(@data-component, 'byline')"
    " or contains(@data-testid, 'byline') or contains(@data-testid, 'author')]"
    "[not(self::meta or self::link or self::script or self::body or self::html or self::img)]"
    " | //a[@href][contains(@href, '/author/') or contains(@href, '/authors/') or contains(@href, '/autor/')"
    " or contains(@href, '/auteur/') or contains(@href, '/autore/')]"
)
_NOT_BYLINE = re.compile(r"bio|avatar|desc|about|comment|image|photo|img|follow|more", re.IGNORECASE)
_BYLINE_CHARS = 150


_LINE_TAGS = frozenset({"br", "div", "p", "li", "ul", "ol", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "section"})


def _lines_text(el: Any) -> str:
    """An element's text with its lines kept apart by " | " ("JILL LAWLESS<br>Associated Press")."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            line = " | " if isinstance(child.tag, str) and child.tag in _LINE_TAGS else ""
            before = next((p for p in reversed(parts) if p), "")
            if not line and before[-1:].isalpha() and (child.text or "")[:1].isalpha():
                line = " | "  # "<span>Tom Jones</span><span>BBC News</span>": set apart by the page's style
            parts.append(line)
            visit(child)
            parts.append(line + (child.tail or ""))

    visit(el)
    return clean("".join(parts))


def _byline_authors(tree: Any) -> list[str]:
    """Names from the visible byline when the page marks up no author: "By A and B", "Posted by A"."""
    found: list[str] = []
    for el in tree.xpath(_BYLINE_XPATH)[:40]:
        names = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}" for a in (el, *el.iterancestors()))
        text = _lines_text(el)
        if text and len(text) <= _BYLINE_CHARS and not _NOT_BYLINE.search(names):
            found.append(text)
            if len(found) >= 4:
                break
    return found


def _visible_date(tree: Any) -> str | None:
    for el in tree.xpath('//*[@itemprop="datePublished"] | //time[@datetime]')[:5]:
        date = iso_date(el.get("content") or el.get("datetime") or el.text_content())
        if date:
            return date
    return None


def _fallback_date(tree: Any, url: str | None) -> str | None:
    """htmldate's quick heuristics (URL, headers, visible dates), only when the page states none."""
    try:
        from htmldate import find_date

        found = find_date(tree, url=url, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises various errors on odd pages; a missing date is fine
        return None
    return iso_date(found) if isinstance(found, str) else None


# Elements that show the article's date by their class: "date", "datum", "fecha", "published", "timestamp".
_DATE_XPATH = (
    "//*[@class][contains(@class, 'date') or contains(@class, 'Date') or contains(@class, 'datum')"
    " or contains(@class, 'fecha')"
    " or contains(@class, 'publish') or contains(@class, 'posted') or contains(@class, 'timestamp')"
    " or contains(@class, 'dateline') or contains(@class, 'time')][not(self::script or self::style)]"
)
_DATE_CHARS = 100


def _shown_time(tree: Any, day: str) -> str:
    """The day found, with the time (and zone) a dated element shows for that same day ("Updated 3:41 PM
    EDT, Tue March 29, 2022", "Publié le 12 février 2024 à 07h15"); the day alone when none does."""
    from .textmeta import line_date  # textmeta reads bylines with this module's rules

    for el in tree.xpath(_DATE_XPATH)[:20]:
        text = clean(el.text_content())
        if text and len(text) <= _DATE_CHARS:
            shown = line_date(text)
            if shown and len(shown) > 10 and shown[:10] == day:
                return shown
    return day


def _shown_date(tree: Any) -> str | None:
    """The date a dated element shows in words ("Nov. 19, 2019 at 5:45 p.m. ET", "23 de mayo de 2024",
    "2024年4月15日"), read by htmldate from that element alone; a date whose day the text does not
    show is a guess (htmldate falls back to January 1st) and is dropped."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate comes with trafilatura
        return None
    tried = 0
    for el in tree.xpath(_DATE_XPATH)[:20]:
        names = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}" for a in (el, *el.iterancestors()))
        text = clean(el.text_content())
        if not text or len(text) > _DATE_CHARS or not any(c.isdigit() for c in text) or "comment" in names.lower():
            continue
        tried += 1
        try:
            found = find_date(f"<html><body><p>{html_escape(text)}</p></body></html>", extensive_search=True,
                              original_date=True, outputformat="%Y-%m-%d")
        except Exception:  # htmldate raises various errors on odd input; a missing date is fine
            found = None
        if isinstance(found, str) and re.search(rf"(?<!\d)0?{int(found[8:10])}(?!\d)", text):
            return iso_date(found)
        if tried >= 3:
            break
    return None


def live_entries(objects: Any) -> list[dict[str, Any]]:
    """The entries of a live blog (``LiveBlogPosting.liveBlogUpdate``) among JSON-LD objects."""
    found: list[dict[str, Any]] = []
    for obj in objects:
        updates = obj.get("liveBlogUpdate")
        found.extend(u for u in (updates if isinstance(updates, list) else [updates]) if isinstance(u, dict))
    return found


def page_meta(tree: Any, url: str | None) -> PageMeta:
    """Read the page's own description of itself (the tree is not changed)."""
    metas = _meta_tags(tree)
    objects = jsonld_objects(tree)
    # a live blog's entries (BlogPostings in its liveBlogUpdate) are parts of the article, not the article
    entries = {id(u) for u in live_entries(objects)}
    articles = [o for o in objects if id(o) not in entries and any(_ARTICLE_TYPES.search(t) for t in types_of(o))]
    pages = [o for o in objects if any(t.endswith("WebPage") for t in types_of(o))]
    ordered = articles + pages
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    sites = [metas.get("og:site_name"), *(n for a in ordered for n in _names(a.get("publisher"), ids)),
             *(metas.get(k) for k in _SITE_META[1:])]
    site = next((clean(s) for s in sites if s and clean(s) and not clean(s).startswith("@")), None)
    title, titles = _choose_title(metas, articles, tree, site)
    site = site or _title_site(tree, title)
    authors = byline_names([n for a in articles for n in _names(a.get("author"), ids)], site)
    if not authors:
        named = [v for k, v in metas.items() if k in ("author", "dc.creator", "byl", "sailthru.author")]
        authors = byline_names(named, site)
    if not authors:
        authors = byline_names(_visible_authors(tree), site)
    if not authors:
        authors = byline_names(_byline_authors(tree), site, min_words=2)
    published = next((d for d in (iso_date(_text(o.get("datePublished"))) for o in ordered) if d), None)
    published = (published or next((d for d in (iso_date(metas.get(k)) for k in _DATE_META) if d), None)
                 or _visible_date(tree) or _fallback_date(tree, url) or _shown_date(tree))
    if published and len(published) == 10:
        published = _shown_time(tree, published)
    lang = clean(tree.getroottree().getroot().get("lang"))
    return PageMeta(title=title, authors=authors, published=published, source=clean(site) or None,
                    url=_canonical(tree, metas, url),
                    language=lang[:2].lower() if len(lang) >= 2 else None, titles=titles, jsonld=tuple(objects))
