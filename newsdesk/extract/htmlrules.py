"""Paragraphs that are page chrome by their shape, dropped from what trafilatura extracted.

Every rule looks at one extracted block (a paragraph, list item, heading or table row) and, at
most, at its place in the article and at what the page says about itself (title, own address).
Notice texts are matched in the main European languages, never in English alone; the structural
rules (title repeats, headline blocks, links to the site's own pages) hold in any language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from .htmlclean import Block
from .htmlentries import ENTRY_TIME

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# A line that is only an address: "https://…", "www.example.com", "example.com/page".
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
# Notices addressed to the reader: subscribe, "our newsletter", follow someone on a network.
NOTICE = re.compile(
    r"(?:^|[.!?:]\s+)(?:subscribe|abonnieren\s+sie|abonnez-vous|suscr[ií]bete|ass[ií]ne|iscriviti|subskrybuj"
    r"|zapisz\s+si[eę]|abonneer|inscrivez-vous|reg[ií]strate|registrati"
    r"|melden\s+sie\s+sich|(?:jetzt|gratis|kostenlos)\s+(?:abonnieren|anmelden|registrieren|testen)"
    r"|підписуйтес[ья]|підпишіться|подписывайтесь|подпишитесь|اشترك|اشتركوا|تابعونا|تابعنا)(?!\w)"
    r"|\b(?:our|unser\w*|notre|nos|nuestr\w*|noss\w*|nostr\w*|nasz\w*|onze)\s+newsletter"
    r"|\b(?:follow|folgen\s+sie|suivez|s[ií]guenos|siga|seguici|obserwuj|volg)\b.{0,40}"
    r"\b(?:on|auf|sur|en|no|na|su|op)\s+(?:twitter|facebook|instagram|youtube|linkedin|tiktok|telegram|whatsapp|x)\b",
    re.IGNORECASE,
)
# "Related: …", "READ MORE: …", "DON'T MISS", "Lesen Sie auch: …": a pointer to other articles.
_LABELS = (
    r"^\W*(?:related(?:\s+(?:topics|stories|articles|content|coverage|links|posts|reading|news|videos))?"
    r"|more\s+(?:on|about)\s+this\s+(?:story|topic)|you\s+(?:may|might)\s+also\s+like|most\s+(?:read|popular|viewed)"
    r"|see\s+(?:more|also)|read\s+(?:more|also)|more|also|don'?t\s+miss|watch|listen|recommended"
    r"|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|siehe\s+auch|(?:à\s+)?lire\s+aussi"
    r"|voir\s+aussi|lee\s+también|leer\s+más|ver\s+también|lea\s+también|leia\s+também|veja\s+também"
    r"|leggi\s+anche|vedi\s+anche|czytaj\s+(?:też|także|więcej)|zobacz\s+(?:też|także)|lees\s+ook|bekijk\s+ook"
    r"|اقرأ\s+أيضا|اقرأ\s+المزيد|相关阅读|相关新闻|延伸阅读|推荐阅读|相關閱讀|延伸閱讀|関連記事|あわせて読みたい"
    r"|читайте\s+(?:также|також|ещё|еще)|также\s+читайте|по\s+теме|см\.\s+также|קראו\s+(?:עוד|גם)"
    r"|ayrıca\s+(?:okuyun|bakınız)|ilgili\s+haberler|δείτε\s+επίσης|citește\s+și|přečtěte\s+si\s+také)"
)
LABEL = re.compile(_LABELS + r"(?:\s*[:>»|.…：]|\W*$)", re.IGNORECASE)
# "Leggi anche" then a link, with nothing between them: the label of a pointer to another article
_LABEL_THEN = re.compile(_LABELS + r"\s+", re.IGNORECASE)
# A block that only labels an ad slot: "ADVERTISEMENT", "Anzeige", "Story continues below advertisement".
AD_LABEL = re.compile(
    r"^\W*(?:advertisement|advertising|sponsored|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|reklama"
    r"|advertentie|إعلان|广告|廣告|広告)(?:\s*[-–—:]\s*(?:scroll|continue|story)\b.*)?\W*$"
    r"|^\W*(?:story|article|text|content)\s+continues\s+(?:below|after)\s+(?:this\s+|the\s+)?(?:advertisement|ad)\W*$",
    re.IGNORECASE,
)
# A control's label left as text: "Share this article", "Copy link", "Listen to this article", "4 min read",
# "Sign up here", "Artikel teilen", "Copier le lien", "Escuchar".
_CONTROL = re.compile(
    r"^\W*(?:(?:share|print|save|bookmark|gift|email|tweet|listen\s+to|read)(?:\s+(?:this|the|our|link|article|story|"
    r"page|post|now|later|on\s+\w+))*|copy\s+(?:the\s+)?link|sign\s+(?:up|in)(?:\s+(?:here|now|free))?|log\s+in"
    r"|\d+\s*(?:min(?:ute)?s?|minuten|minutos|mn)\.?(?:\s+(?:read|listen|de\s+lecture|de\s+lectura|lesezeit|lesen))?"
    r"|(?:artikel\s+)?teilen|link\s+kopieren|drucken|merken|anhören|vorlesen|lesezeit|partager(?:\s+l'article)?"
    r"|copier\s+le\s+lien|imprimer|écouter(?:\s+l'article)?|compartir|copiar\s+enlace|imprimir|escuchar"
    r"|condividi|stampa|ascolta)\W*$",
    re.IGNORECASE,
)
_CONTROL_WORDS = 8
# Symbols and format characters: emoji, arrows, zero-width spaces (not "___" or "* * *" dividers).
_ICON_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cf", "Mn"})
# A count alone (likes, comments, shares): "1.2K", "47".
_COUNT = re.compile(r"^\W*\d[\d.,]*\s*[KkMm]?\W*$")
_YEAR = re.compile(r"^\W*(?:1[89]|20)\d\d\W*$")  # a timeline's "2019" is no count
# "Page 2 of 3", "Seite 2 von 3", "Página 2 de 3": a multi-page article's pager; "3 of 12": a gallery's counter.
_PAGER = re.compile(
    r"^\W*(?:(?:page|seite|página|pagina|strona|pag\.|photo|image|bild|foto)\s*)?\d+\s*(?:of|von|sur|de|di|z|van|/)\s*\d+\W*$",
    re.IGNORECASE,
)
# A byline: "By A and B", "Posted by A", "… | By A, Staff" (a by-word before a capitalised name).
_BYLINE = re.compile(
    r"(?:^\W*|[|·•—–]\s*)(?i:(?:posted|written|reported|words|photos?|text|story|reporting|interview)\s+)?"
    r"(?i:by|von|par|por|di|door|av|af|przez|od)\s+[A-ZÀ-ÖØ-Þ]",
)
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d\d\b")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
# A date as a page prints it: 12.03.2024, 2024-03-12, 12 March 2024, March 12, 2024, 2024年3月12日.
_FULL_DATE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d\b|\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?(?:19|20)\d\d\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b|(?:19|20)\d\d年\d{1,2}月\d{1,2}日",
)
# "Updated 3 hours ago", "vor 2 Stunden", "il y a 5 minutes", "hace 2 días": when a page was updated.
_RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b|\bvor\s+\d+\s+(?:minuten|stunden?|tag(?:en)?)\b"
    r"|\bil\s+y\s+a\s+\d+\s+(?:minutes?|heures?|jours?)\b|\bhace\s+\d+\s+(?:minutos?|horas?|d[ií]as?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<!\b[ap]\.m)[.!?。！？]\W*$", re.IGNORECASE)
COPYRIGHT = re.compile(
    r"©|\bcopyright\b|all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|tous\s+droits\s+réservés"
    r"|todos\s+los\s+derechos\s+reservados|tutti\s+i\s+diritti\s+riservati|wszelkie\s+prawa\s+zastrzeżone"
    r"|alle\s+rechten\s+voorbehouden|todos\s+os\s+direitos\s+reservados",
    re.IGNORECASE,
)
# A paragraph that is one link to the site's own pages, from this share of its text up.
_LINK_LINE_SHARE = 0.75
# The longest notice, label or copyright line, in words.
_NOTICE_WORDS = 50
_LABEL_WORDS = 4
_COPYRIGHT_WORDS = 30
# Extracted text that is links from this share up is a menu.
_NAVIGATION_SHARE = 0.9
# Fewer words than this make no article.
_MIN_WORDS = 8
# A closing list of links to the site's own pages is "related stories" from this many items up.
_RELATED_ITEMS = 3
# A run of this many links with no word between them is a menu ("Home | News | Sports").
_MENU_LINKS = 3
# Bylines and datelines stand among the first blocks of the body and are short.
_HEAD_BLOCKS = 4
_BYLINE_WORDS = 20
_BYLINE_OTHER_WORDS = 6  # words of a byline or dateline besides the names, dates and times
# A pull quote repeats a sentence of the body near it; how far away (in blocks) it is looked for.
_REPEAT_WINDOW = 20
_REPEAT_WORDS = 6


@dataclass(frozen=True)
class PageFacts:
    """What the rules know about the page besides its blocks."""

    titles: tuple[str, ...] = ()
    site: str = ""
    addresses: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()  # headlines of a live blog's entries (JSON-LD liveBlogUpdate)


def key(text: str) -> str:
    """Text reduced to its lower-case words, for comparing titles and lines."""
    return " ".join(_WORD.findall(text.lower()))


def _timed(text: str) -> bool:
    """A live-blog entry's heading, its time set before it ("23:15 First result declared"): the body's
    start, not the page's headline block."""
    match = ENTRY_TIME.match(text)
    return match is not None and text[match.end():match.end() + 1] == " " and bool(text[match.end():].strip())


def size(text: str) -> int:
    """Words, with two CJK characters counted as one (those scripts put no spaces between words)."""
    return len(_WORD.findall(text)) + len(_CJK.findall(text)) // 2


def site_of(url: str | None) -> str:
    """The registrable part of a URL's host: example.com, example.co.uk (a short label before the TLD)."""
    try:
        labels = (urlsplit(url or "").hostname or "").lower().split(".")
    except ValueError:  # "http://[bad"
        return ""
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def same_site(target: str, site: str) -> bool:
    """A link to the page's own site (or a relative one): another page of the publisher."""
    if not target or target.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    if target.startswith("//"):
        target = "http:" + target
    if not target.startswith(("http://", "https://")):
        return True
    return bool(site) and site_of(target) == site


def is_link_line(b: Block, site: str) -> bool:
    """A paragraph that is one link to another page of the same site: a teaser, not article text.

    Links elsewhere (a shop, a source, a document) are kept: deal lists and citations are content.
    """
    return (b.kind in ("p", "item") and b.links == 1 and b.link_share > _LINK_LINE_SHARE and len(b.text) > 10
            and same_site(b.targets[0], site) and not _ADDRESS.match(b.text))


def _why(b: Block, facts: PageFacts, keys: set[str], index: int, lead: bool = True) -> str | None:
    """The reason a block is chrome, or None to keep it. ``lead``: no paragraph of prose came before it."""
    k = key(b.text)
    if k in keys and (b.kind == "head" or index < 3):
        return "title"
    if is_link_line(b, facts.site):
        return "link"
    n = size(b.text)
    if n <= _NOTICE_WORDS and NOTICE.search(b.text):
        return "notice"
    if (b.links or n <= _LABEL_WORDS) and LABEL.match(b.text):
        return "label"
    if b.links and (then := _LABEL_THEN.match(b.text)) and len(b.text) - b.link_chars <= then.end():
        return "label"
    if n <= _COPYRIGHT_WORDS and COPYRIGHT.search(b.text):
        return "copyright"
    if b.text.rstrip("/") in facts.addresses:
        return "address"
    if b.links >= _MENU_LINKS and not b.loose:
        return "menu"
    if all(c.isspace() or unicodedata.category(c) in _ICON_CATEGORIES for c in b.text):
        return "icon"  # "💡", "→": a picture in a callout or a button, no text
    if (lead and index < _HEAD_BLOCKS and b.links == 1 and b.link_share > _LINK_LINE_SHARE
            and same_site(b.targets[0], facts.site)):
        return "kicker"  # a section link above the article ("Housing", "World")
    if b.kind != "cell" and (AD_LABEL.match(b.text) or _PAGER.match(b.text)
                             or (b.kind != "head" and _COUNT.match(b.text) and not _YEAR.match(b.text))):
        return "label"
    if n <= _CONTROL_WORDS and all(_CONTROL.match(part) for part in re.split(r"[·|•]", b.text)):
        return "control"
    if (lead and index < _HEAD_BLOCKS and n <= _BYLINE_WORDS and not _SENTENCE_END.search(b.text)
            and _is_byline(b.text, facts)):
        return "byline"
    return None


def _is_byline(text: str, facts: PageFacts) -> bool:
    """A byline or dateline above the article: "By A", "A · Sevilla · 23 may 2024", "08.10.2024, 11:30 Uhr"."""
    if _BYLINE.search(text):
        return True
    lower = text.lower()
    named = [name.lower() for name in facts.authors if len(name) > 3 and name.lower() in lower]
    if not named and not _FULL_DATE.search(text) and not _RELATIVE_TIME.search(text):
        return False
    # a caption or a sentence names the author or a date too: a byline has few words besides them
    for name in named:
        lower = lower.replace(name, " ")
    rest = _CLOCK.sub(" ", _FULL_DATE.sub(" ", _RELATIVE_TIME.sub(" ", lower)))
    return len(_LETTER_WORD.findall(rest)) <= _BYLINE_OTHER_WORDS


def _repeats(body: list[Block], i: int) -> bool:
    """A pull quote: a quote whose words stand in a longer paragraph near it."""
    b = body[i]
    if b.kind != "quote" or size(b.text) < _REPEAT_WORDS:
        return False
    k = key(b.text)
    near = body[max(0, i - _REPEAT_WINDOW):i] + body[i + 1:i + 1 + _REPEAT_WINDOW]
    return any(len(o.text) > len(b.text) and k in key(o.text) for o in near)


def _related_tail(found: list[Block], site: str) -> int:
    """Where a closing run of list items, each led by a link to the same site, begins."""
    j = len(found)
    while j > 0:
        b = found[j - 1]
        if b.kind != "item" or not b.links or b.link_share < 0.25 or not same_site(b.targets[0], site):
            break
        j -= 1
    return j if len(found) - j >= _RELATED_ITEMS else len(found)


def postfilter(found: list[Block], facts: PageFacts) -> tuple[list[Block], list[str]]:
    """Split the extracted blocks into the article's and the chrome's (returned as text)."""
    dropped: list[str] = []
    # Headings before the first paragraph are the headline block (title, kicker, standfirst).
    start = 0
    entries = {key(t) for t in facts.entries}
    # ... except a live blog's first entry: its headline opens the body
    while (start < len(found) and found[start].kind == "head" and key(found[start].text) not in entries
           and not _timed(found[start].text)):
        start += 1
    if start == len(found):
        start = 0
    dropped.extend(b.text for b in found[:start])
    body = found[start:]
    cut = _related_tail(body, facts.site)
    dropped.extend(b.text for b in body[cut:])
    keys = {key(t) for t in facts.titles if t}
    kept: list[Block] = []
    lead = True  # bylines and datelines stand above the prose
    for i, b in enumerate(body[:cut]):
        if _why(b, facts, keys, i, lead) is None and not _repeats(body, i):
            kept.append(b)
            lead = lead and size(b.text) < _BYLINE_WORDS
        else:
            dropped.append(b.text)
    # a few words, or nothing but link text: a menu or a stub, not an article
    if kept and (sum(b.link_chars for b in kept) >= _NAVIGATION_SHARE * sum(len(b.text) for b in kept)
                 or sum(size(b.text) for b in kept) < _MIN_WORDS):
        dropped.extend(b.text for b in kept)
        kept = []
    return kept, dropped
