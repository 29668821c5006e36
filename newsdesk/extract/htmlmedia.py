"""Videos and figures of an HTML article, with their captions, credits and (for videos) durations.

Videos come from the page's JSON-LD (``VideoObject``: ``duration`` in ISO 8601, "PT2M3S") and
from ``<figure>`` elements that hold a player; images from ``<figure>`` elements with a picture.
A caption that ends in a clock duration ("… make head 02:03") marks a video too. A caption outside
any figure is its picture's or player's when it follows one (AMP pages: ``<amp-img>`` then
``<div class="caption">``). A credit (an element named for it, or "Reuters/John Smith" at the
caption's end) is the media's ``credit``, not part of its caption.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from ..types import Media
from .htmlclean import rendered_text
from .htmlmeta import clean, types_of
from .htmlrules import NOTICE, key
from .media import parse_duration, split_credit, video_caption

_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$", re.IGNORECASE
)
# AMP pages show pictures and players as their own elements: <amp-img>, <amp-video>, <amp-youtube>
_PICTURES = ("img", "amp-img", "amp-anim")
_PLAYERS = ("video", "iframe", "amp-video", "amp-youtube", "amp-iframe", "amp-brightcove", "amp-jwplayer")
_PLAYER = re.compile(r"video|player|youtube|vimeo|dailymotion|brightcove|jwplayer", re.IGNORECASE)
_MAX_MEDIA = 30
_CREDIT = re.compile(r"\W*(?:©|\(c\)|(?:copyright|photo|foto|bild|image|credit|picture|source|quelle)\b)",
                     re.IGNORECASE)
_CREDIT_WORDS = 6
# How far above the <article> its lead figure is looked for (siblings of the <article>).
_LEAD_SIBLINGS = 2
_BRACKETED_DURATION = re.compile(r"\s*[(\[]((?:\d{1,2}:)?\d{1,2}:[0-5]\d)[)\]]\s*$")
# An element named for a picture's credit: "caption-credit", "bildnachweis", "photographer"
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|bildnachweis|bildquelle|fotograf|courtesy|cr[ée]dit",
                          re.IGNORECASE)
_CREDIT_ELEMENT_WORDS = 10
# The largest <article> is the article's scope from this many characters: smaller ones are teaser cards.
_MIN_SCOPE = 300
# A picture's or player's wrapper a caption may follow holds no more text than this (a label, a duration).
_WRAPPER_TEXT = 40


def iso_duration(value: str | None) -> int | None:
    """'PT2M3S' -> 123, 'PT1H' -> 3600; a clock '02:03' is read too. None when unreadable or zero."""
    text = (value or "").strip()
    match = _ISO_DURATION.match(text)
    if match and any(match.groupdict().values()):
        parts = {k: float((v or "0").replace(",", ".")) for k, v in match.groupdict().items()}
        seconds = round(parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"])
        return seconds or None
    return parse_duration(text) or None


def _first_url(obj: dict[str, Any], *fields: str) -> str | None:
    for name in fields:
        value = obj.get(name)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("url") or value.get("@id")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def _jsonld_videos(objects: tuple[dict[str, Any], ...]) -> list[Media]:
    found: list[Media] = []
    for obj in objects:
        if "VideoObject" not in types_of(obj):
            continue
        caption = next((clean(v) for v in (obj.get("description"), obj.get("name"), obj.get("caption"))
                        if isinstance(v, str) and v.strip()), "")
        if caption:
            duration = iso_duration(str(obj.get("duration") or ""))
            found.append(Media(kind="video", caption=caption, duration_seconds=duration,
                               url=_first_url(obj, "contentUrl", "embedUrl", "url")))
    return found


def _scope(tree: Any) -> Any:
    """The element that holds the article: the largest <article>, else articleBody, <main>, <body>."""
    body = next(tree.iter("body"), tree)
    for path in (".//article", './/*[@itemprop="articleBody"]', ".//main"):
        candidates = body.xpath(path)
        if candidates:
            best = max(candidates[:30], key=lambda el: len(el.text_content()))
            # a page with no <article> of its own holds its teasers' cards in <article>s
            if path != ".//article" or len(best.text_content()) >= _MIN_SCOPE:
                return best
    return body


def _largest(srcset: str) -> str:
    """The widest candidate of a srcset ("a-800.jpg 800w, a-1600.jpg 1600w"), else its last."""
    best, width = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts:
            continue
        size = parts[1] if len(parts) > 1 else "1x"
        try:
            value = float(size[:-1]) if size[-1:] in ("w", "x") else 0.0
        except ValueError:
            value = 0.0
        if value >= width:
            best, width = parts[0], value
    return best


def _image_url(img: Any, page_url: str | None) -> str | None:
    """The picture's address; lazy-loading pages keep it in a data- attribute behind a placeholder,
    responsive ones in a srcset (of the <img>, or of a <source> of its <picture>)."""
    sources = [img] + (list(img.getparent().iter("source")) if img.getparent() is not None else [])
    # a lazy-loading attribute first: the src beside it is the placeholder
    values = [str(img.get(name) or "") for name in ("data-src", "data-original", "data-lazy-src", "data-img", "src")]
    values += [_largest(str(el.get(name) or "")) for el in sources for name in ("srcset", "data-srcset")]
    for value in (v.strip() for v in values):
        address = _address(value, page_url)
        if address:
            return address
    return None


def _address(value: str | None, page_url: str | None) -> str | None:
    """An absolute address from an attribute; None for placeholders and script data ('{"default": …}')."""
    if not value or not value.strip() or value.startswith(("data:", "about:", "javascript:", "{", "[")):
        return None
    if any(c in value for c in '"{} '):
        return None
    try:
        full = urljoin(page_url or "", value.strip())
        urlsplit(full)
    except ValueError:  # "http://[bad": an address no one can load
        return None
    return full


def _is_credit(caption: str) -> bool:
    """A caption that only credits the picture: "© Amazon", "Photo: Getty Images", "ITV, ASSOCIATED PRESS"."""
    if len(caption.split()) > _CREDIT_WORDS:
        return False
    return bool(_CREDIT.match(caption)) or not any(c.islower() for c in caption)


def _credit_named(el: Any) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_CREDIT_NAME.search(names)) and len(el.text_content().split()) <= _CREDIT_ELEMENT_WORDS


def _credits(fig: Any) -> list[Any]:
    """The elements of a figure named as its credit (the outermost of nested ones)."""
    found = [el for el in fig.iter() if isinstance(el.tag, str) and el is not fig and _credit_named(el)]
    return [el for el in found if not any(a in found for a in el.iterancestors())]


def _caption_text(caption: Any, credits: list[Any]) -> str:
    """A caption's words without the credit elements inside it."""
    inside = [c for c in credits if caption in c.iterancestors()]
    if inside:
        caption = copy.deepcopy(caption)
        for el in _credits(caption):
            el.drop_tree()
    return clean(rendered_text(caption))


def _figure(fig: Any, page_url: str | None) -> Media | None:
    credits = _credits(fig)
    captions = [c for c in fig.xpath('.//figcaption | .//*[contains(@class, "caption")]') if c not in credits]
    caption = _caption_text(captions[0], credits) if captions else ""
    credit = clean(" ".join(clean(rendered_text(c)) for c in credits)) or None
    if credit is None:  # "… on Sunday. AP Photo/Jae C. Hong": the credit at the caption's end
        credited = split_credit(caption)
        caption, credit = credited.caption, credited.credit
    if not caption or NOTICE.search(caption) or _is_credit(caption):
        return None
    # a teaser card (another article's picture and linked headline) is not this article's figure
    linked = sum(len(clean(a.text_content())) for a in fig.iter("a"))
    if linked * 2 >= len(caption):
        return None
    img = next(fig.iter(*_PICTURES), None)
    names = " ".join(f"{el.get('class') or ''} {el.get('src') or ''}" for el in fig.iter() if isinstance(el.tag, str))
    player = next(fig.iter(*_PLAYERS), None) is not None or bool(_PLAYER.search(names))
    bracketed = _BRACKETED_DURATION.search(caption)
    if bracketed:  # "A tour of the terminal (3:05)"
        caption = f"{caption[:bracketed.start()].rstrip()} {bracketed.group(1)}"
    timed = video_caption(caption)
    if timed is None and player:  # a player shows its length beside the caption: <span class="duration">2:47
        shown = next((t for el in fig.iter() if isinstance(el.tag, str) and el not in captions
                      and parse_duration(t := clean(el.text_content()))), None)
        timed = video_caption(f"{caption} {shown}") if shown else None
    src = next((el.get("src") for el in fig.iter(*_PLAYERS, "source") if el.get("src")), None)
    if timed is not None and (player or img is None):
        return replace(timed, url=_address(src, page_url), credit=credit)
    if player:
        return Media(kind="video", caption=caption, url=_address(src, page_url), credit=credit)
    if img is None:
        return None
    return Media(kind="image", caption=caption, url=_image_url(img, page_url), credit=credit)


def _figures(scope: Any) -> list[Any]:
    """The article's figures: its <figure>s, the lead <figure> just above it (a hero image set before
    the <article>), and pictures or players with a caption that no <figure> holds (``div.image`` > img +
    caption, ``div.video-player`` > video + caption + duration, or a caption right after its picture)."""
    figures = list(scope.iter("figure"))
    parent = scope.getparent()
    if parent is not None:
        for sibling in list(scope.itersiblings(preceding=True))[:_LEAD_SIBLINGS]:
            lead = [sibling] if sibling.tag == "figure" else list(sibling.iter("figure"))
            if lead:
                figures[:0] = lead[:1]
                break
    for caption in scope.xpath('.//*[contains(@class, "caption") or self::figcaption][not(ancestor-or-self::figure)]'
                               '[not(ancestor::*[contains(@class, "caption")])]'):
        if _credit_named(caption):
            continue
        holder = caption.getparent()
        if holder is not None and holder is not scope and next(holder.iter(*_PICTURES, *_PLAYERS), None) is not None:
            figures.append(holder)
        else:
            follows = _followed(caption)
            if follows is not None:
                figures.append(follows)
    return figures


def _followed(caption: Any) -> Any | None:
    """The picture or player a caption outside any figure follows (``<amp-img>`` or a wrapper holding only
    it, then ``<p class="caption">``), as a figure of the two (and a credit right after the caption)."""
    media = caption.getprevious()
    while media is not None and not isinstance(media.tag, str):
        media = media.getprevious()
    if media is None or (media.tag not in (*_PICTURES, *_PLAYERS) and (
            len(list(media.iter(*_PICTURES, *_PLAYERS))) != 1 or len(clean(media.text_content())) > _WRAPPER_TEXT)):
        return None
    fig = lxml_html.Element("figure")
    fig.append(copy.deepcopy(media))
    fig.append(copy.deepcopy(caption))
    after = caption.getnext()
    if after is not None and isinstance(after.tag, str) and _credit_named(after):
        fig.append(copy.deepcopy(after))
    for el in fig:
        el.tail = None
    return fig


def find_media(tree: Any, jsonld: tuple[dict[str, Any], ...], page_url: str | None) -> tuple[Media, ...]:
    """The article's videos and figures, videos first, each caption once."""
    found = _jsonld_videos(jsonld)
    scope = _scope(tree)
    for fig in _figures(scope):
        # a figure in an <article> nested inside the article is another story's teaser card
        if next(fig.iterancestors("article"), scope) is not scope:
            continue
        media = _figure(fig, page_url)
        if media is not None:
            found.append(media)
    seen: set[str] = set()
    unique: list[Media] = []
    for media in sorted(found, key=lambda m: m.kind != "video"):
        k = key(media.caption)
        if k and k not in seen:
            seen.add(k)
            unique.append(media)
    return tuple(unique[:_MAX_MEDIA])
