"""Videos and figures of an HTML article, with their captions and (for videos) durations.

Videos come from the page's JSON-LD (``VideoObject``: ``duration`` in ISO 8601, "PT2M3S") and
from ``<figure>`` elements that hold a player; images from ``<figure>`` elements with a picture.
A caption that ends in a clock duration ("… make head 02:03") marks a video too.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..types import Media
from .htmlmeta import clean, types_of
from .htmlrules import NOTICE, key
from .media import parse_duration, video_caption

_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$", re.IGNORECASE
)
_PLAYER = re.compile(r"video|player|youtube|vimeo|dailymotion|brightcove|jwplayer", re.IGNORECASE)
_MAX_MEDIA = 30


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
            return max(candidates[:30], key=lambda el: len(el.text_content()))
    return body


def _image_url(img: Any, page_url: str | None) -> str | None:
    """The picture's address; lazy-loading pages keep it in a data- attribute behind a placeholder."""
    for name in ("src", "data-src", "data-original", "data-lazy-src", "data-img"):
        value = str(img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            try:
                full = urljoin(page_url or "", value)
                urlsplit(full)
            except ValueError:  # "http://[bad": an address no one can load
                return None
            return full
    return None


def _figure(fig: Any, page_url: str | None) -> Media | None:
    captions = fig.xpath('.//figcaption | .//*[contains(@class, "caption")]')
    caption = clean(captions[0].text_content()) if captions else ""
    if not caption or NOTICE.search(caption):
        return None
    # a teaser card (another article's picture and linked headline) is not this article's figure
    linked = sum(len(clean(a.text_content())) for a in fig.iter("a"))
    if linked * 2 >= len(caption):
        return None
    img = next(fig.iter("img"), None)
    names = " ".join(f"{el.get('class') or ''} {el.get('src') or ''}" for el in fig.iter() if isinstance(el.tag, str))
    player = fig.find(".//video") is not None or fig.find(".//iframe") is not None or bool(_PLAYER.search(names))
    timed = video_caption(caption)
    if timed is not None and (player or img is None):
        return timed
    if player:
        return Media(kind="video", caption=caption)
    if img is None:
        return None
    return Media(kind="image", caption=caption, url=_image_url(img, page_url))


def find_media(tree: Any, jsonld: tuple[dict[str, Any], ...], page_url: str | None) -> tuple[Media, ...]:
    """The article's videos and figures, videos first, each caption once."""
    found = _jsonld_videos(jsonld)
    scope = _scope(tree)
    for fig in scope.iter("figure"):
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
